using CallCenter.Data.Audit;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;

namespace CallCenter.Tests.Data.Audit;

public sealed class AuditDetailsTests
{
    [Fact]
    public void Join_LeavesOutEmptyPhrases_And_IsNullWhenNothingIsLeft()
    {
        Assert.Equal("着信・要件 安否報告・2人", AuditDetails.Join("着信", null, "要件 安否報告", " ", "2人"));
        Assert.Null(AuditDetails.Join(null, ""));
    }

    [Fact]
    public void Labelled_QuotesAValueThatHoldsTheSeparator()
    {
        Assert.Equal("行政区 熊川", AuditDetails.Labelled("行政区", " 熊川 "));
        Assert.Equal("照会者 「親族・同居者」", AuditDetails.Labelled("照会者", "親族・同居者"));
        Assert.Null(AuditDetails.Labelled("行政区", null));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("2026-03-01", null, "期間 2026/03/01〜")]
    [InlineData(null, "2026-03-12", "期間 〜2026/03/12")]
    [InlineData("2026-03-01", "2026-03-12", "期間 2026/03/01〜2026/03/12")]
    public void Period_WritesEitherEnd(string? from, string? to, string? expected)
    {
        Assert.Equal(expected, AuditDetails.Period(from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Time_IsJapanTime_AndSaysSo()
    {
        Assert.Equal("2026/03/12 09:15（日本時間）", AuditDetails.Time(new DateTime(2026, 3, 12, 0, 15, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Shown_NamesTheRowsOfAPage_OrNoneFound()
    {
        Assert.Equal("51〜100件目／全1,234件", AuditDetails.Shown(51, 50, 1234));
        Assert.Equal("該当 0件", AuditDetails.Shown(1, 0, 0));
    }

    [Fact]
    public void Inquiries_DescribesTheFilter_WithoutARecordDump()
    {
        var text = AuditDetails.Inquiries(new InquiryFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12), InquirerType.Relative,
            OpenMessagesOnly: true, DisclosedOnly: true, ResidentNo: "K0003"));

        Assert.Equal("期間 2026/03/01〜2026/03/12・照会者 「親族・同居者」・未対応の伝言のみ・伝えた照会のみ・住民番号 K0003", text);
        Assert.Equal("条件なし", AuditDetails.Inquiries(new InquiryFilter()));
    }

    [Fact]
    public void ResidentList_DescribesTheFilter()
    {
        Assert.Equal("安否 行方不明・行政区 熊川・避難先 新潟県・避難先種別 避難所・要支援者のみ・未確認のみ",
            AuditDetails.ResidentList(new ResidentListFilter(SafetyStatus.Missing, "熊川", 15, WhereaboutsType.Shelter, Vulnerable: true, Unconfirmed: true)));
        Assert.Equal("条件なし", AuditDetails.ResidentList(new ResidentListFilter()));
        Assert.Equal("仮登録を含む", AuditDetails.ResidentList(new ResidentListFilter(Provisional: null)));
    }

    [Fact]
    public void Imports_CountInJapanese()
    {
        Assert.Equal("追加 3件・更新 1件・変更なし 0件・エラー 0件・文字コード CP932",
            AuditDetails.ResidentImport(new ResidentImportResult(3, 1, 0, [], false, "CP932", 2, 0)));
        Assert.Equal("記録 2行・要確認 4行・取り込み済み 0行・エラー 0件",
            AuditDetails.StatusImport(new StatusImportResult(1, 2, 4, 0, 0, [], "UTF-8")));
    }

    [Fact]
    public void OutboundRules_ReadAsTheCampaignPageShowsThem()
    {
        var text = AuditDetails.OutboundRules(new OutboundRules { ReconfirmDays = 0, OldAge = 80 });

        Assert.StartsWith("要支援者を優先 する・80歳以上を優先・一人暮らしを優先 する・3歳未満の子を優先・再確認 しない・担当時間 15分", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Outbound.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sign-out", "本人がサインアウト")]
    [InlineData("idle", "無操作のため終了")]
    [InlineData("disabled", "アカウントの無効化で終了")]
    [InlineData("password", "パスワード変更で終了")]
    public void SessionEnd_NamesTheReason(string reason, string expected)
    {
        Assert.Equal(expected, AuditDetails.SessionEnd(reason));
    }

    [Fact]
    public void Person_PutsTheUserNameBesideTheDisplayName()
    {
        Assert.Equal("渡邊 美咲（watanabe）", AuditDetails.Person("渡邊 美咲", "watanabe"));
        Assert.Equal("admin", AuditDetails.Person("admin", "admin"));
    }
}
