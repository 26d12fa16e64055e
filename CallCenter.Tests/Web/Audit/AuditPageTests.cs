using System.Text;
using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using CallCenter.Web.Components.Pages.Audit;
using MudBlazor;

namespace CallCenter.Tests.Web.Audit;

public sealed class AuditPageTests : AdminPageTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        const string register = """
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            B0001,BH01,世帯主,髙橋 一郎,タカハシ イチロウ,1951-04-02,男,浜区,汐見町浜1-1,
            B0003,BH02,世帯主,𠮷田 花子,ヨシダ ハナコ,1962-11-30,女,山区,汐見町山2-5,
            """;
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(register));
        var imported = await new ResidentImportService(Db.Connections, TimeProvider.System).ImportAsync(csv, dryRun: false);
        Assert.True(imported.Committed);
        var yoshida = await new CallCenter.Data.Residents.ResidentRepository(Db.Connections).FindIdByNumberAsync("B0003");
        YoshidaId = yoshida!.Value;

        foreach (var (user, action, resident) in new (string, string, int?)[]
        {
            ("watanabe", AuditActions.SignIn, null),
            ("watanabe", "view-resident", YoshidaId),
            ("sato", AuditActions.SignIn, null),
            ("sato", "view-resident", YoshidaId + 1000),
            ("sato", AuditActions.SignOut, null),
        })
        {
            await AuditLog.WriteAsync(new AuditEntry { UserName = user, Site = "いわき", Action = action, ResidentId = resident, Details = "テスト" });
        }
    }

    private int YoshidaId { get; set; }

    [Fact]
    public async Task Opening_ShowsTheLogNewestFirst_And_AuditsTheViewOnce()
    {
        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Equal("5件", TextOf(cut, "audit-total")));
        var actions = cut.FindAll("[data-testid=audit-action-cell]").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["サインアウト", "住民の閲覧", "サインイン", "住民の閲覧", "サインイン"], actions);
        var views = (await AuditRowsAsync()).Where(a => a.Action == AuditActions.ViewAuditLog).ToList();
        Assert.Equal("条件なし・該当 5件", Assert.Single(views).Details);

        // Turning the page (the table reloads itself) does not audit again.
        var table = cut.FindComponent<MudTable<AuditLine>>();
        await cut.InvokeAsync(() => table.Instance.ReloadServerData());

        Assert.Single(await AuditRowsAsync(), a => a.Action == AuditActions.ViewAuditLog);
    }

    [Fact]
    public async Task Rows_ReadInJapanese_WithJapanTime_And_NamesBesideIds_OldRowsIncluded()
    {
        var watanabe = (await Users.CreateAsync("watanabe", "渡邊 美咲", CallCenter.Data.Accounts.UserRole.Supervisor, "いわき", "x"))!.Value;
        await Users.CreateAsync("k.sato", "佐藤 健一", CallCenter.Data.Accounts.UserRole.Operator, "会津若松", "x");
        var takahashi = (await new CallCenter.Data.Residents.ResidentRepository(Db.Connections).FindIdByNumberAsync("B0001"))!.Value;
        var at = new DateTime(2026, 3, 11, 15, 30, 5, DateTimeKind.Utc);
        // Rows as earlier versions wrote them (English fragments, a record dump) and as this one writes them.
        await WriteAsync(at, watanabe, "watanabe", AuditActions.ViewInquiries, "inquiries", null, null,
            $"{new CallCenter.Data.Inquiries.InquiryFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 12), OpenMessagesOnly: true)}; rows 1-2 of 2");
        await WriteAsync(at.AddSeconds(1), watanabe, "watanabe", AuditActions.RecordCall, "call", "12", null, "Inbound; 2 person(s)");
        await WriteAsync(at.AddSeconds(2), watanabe, "watanabe", AuditActions.RecordReport, "report", "45", takahashi, "無事; 親族・知人宅; call 12; pending approval");
        await WriteAsync(at.AddSeconds(3), AdminId, "admin", AuditActions.CreateUser, "user", "k.sato", null, "役割 オペレーター・拠点 会津若松");
        await WriteAsync(at.AddSeconds(4), watanabe, "watanabe", AuditActions.ViewResident, "resident", "B0001", takahashi, "call-form");

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Equal("10件", TextOf(cut, "audit-total")));
        var body = cut.Find("tbody").TextContent;
        Assert.Contains("2026/03/12 00:30:05", body, StringComparison.Ordinal);
        Assert.Contains("日時（JST）", cut.Find("thead").TextContent, StringComparison.Ordinal);
        Assert.Contains("渡邊 美咲", body, StringComparison.Ordinal);
        Assert.Contains("期間 2026/03/01〜2026/03/12・未対応の伝言のみ・1〜2件目／全2件", body, StringComparison.Ordinal);
        Assert.Contains("着信・2人", body, StringComparison.Ordinal);
        Assert.Contains("安否 無事・避難先 「親族・知人宅」・通話 #12・承認待ち", body, StringComparison.Ordinal);
        Assert.Contains("B0001 髙橋 一郎", body, StringComparison.Ordinal);
        Assert.Contains("佐藤 健一（k.sato）", body, StringComparison.Ordinal);
        Assert.Contains("通話記録の画面で表示", body, StringComparison.Ordinal);
        foreach (var internalText in new[] { "{ ", "Filter", "person(s)", "Inbound", "rows ", "pending", "call-form", "record-call", "resident:" })
        {
            Assert.DoesNotContain(internalText, body, StringComparison.Ordinal);
        }
        var call = cut.FindAll("tbody tr").Single(r => r.TextContent.Contains("着信・2人", StringComparison.Ordinal));
        Assert.Equal("2026/03/12 00:30:06", call.QuerySelector("[data-testid=audit-time]")!.TextContent.Trim());
        Assert.Equal("通話の記録", call.QuerySelector("[data-testid=audit-action-cell]")!.TextContent.Trim());
        Assert.Contains("通話", call.QuerySelector("[data-testid=audit-target]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("#12", call.QuerySelector("[data-testid=audit-target]")!.TextContent, StringComparison.Ordinal);
        // The full details stay readable when the cell clips them.
        Assert.Equal("着信・2人", call.QuerySelector("[data-testid=audit-details]")!.GetAttribute("title"));
    }

    private async Task WriteAsync(DateTime at, int? userId, string userName, string action, string? targetType, string? targetId, int? residentId, string details)
    {
        await using var connection = await Db.Connections.OpenAsync();
        await AuditRepository.WriteAsync(connection, null, new AuditEntry
        {
            OccurredAt = at, UserId = userId, UserName = userName, Site = "いわき", Action = action, TargetType = targetType, TargetId = targetId,
            ResidentId = residentId, Details = details,
        }, CancellationToken.None);
    }

    [Fact]
    public async Task Search_FiltersByUser_And_AuditsTheFilter()
    {
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal("5件", TextOf(cut, "audit-total")));

        Type(cut, "audit-user", "sato");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("3件", TextOf(cut, "audit-total")));
        var view = (await AuditRowsAsync()).First(a => a.Action == AuditActions.ViewAuditLog);
        Assert.Equal("ユーザー sato・該当 3件", view.Details);
        Assert.Equal("/admin/audit/export.csv?user=sato", cut.Find("[data-testid=audit-export]").GetAttribute("href"));
    }

    [Fact]
    public void Search_FiltersByResidentNumber_Or_ResidentId_And_ByAction()
    {
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal("5件", TextOf(cut, "audit-total")));

        Type(cut, "audit-resident", "Ｂ０００３");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("1件", TextOf(cut, "audit-total")));

        Type(cut, "audit-resident", (YoshidaId + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("1件", TextOf(cut, "audit-total")));
        Assert.Contains("sato", cut.Find("tbody").TextContent, StringComparison.Ordinal);

        Type(cut, "audit-resident", "");
        Type(cut, "audit-action", AuditActions.SignIn);
        cut.Find("input[data-testid=audit-action]").Blur();
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("2件", TextOf(cut, "audit-total")));
    }

    [Fact]
    public void Search_ShowsAMessage_And_KeepsTheLastResults_When_TheFilterIsBad()
    {
        var cut = Render<AuditPage>();
        cut.WaitForAssertion(() => Assert.Equal("5件", TextOf(cut, "audit-total")));

        Type(cut, "audit-from", "3月12日");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("開始日時を読み取れません", TextOf(cut, "audit-filter-error"), StringComparison.Ordinal));

        Type(cut, "audit-from", "2026/03/13");
        Type(cut, "audit-to", "2026/03/12 23:59");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal("開始日時が終了日時より後になっています。", TextOf(cut, "audit-filter-error")));

        Type(cut, "audit-from", "");
        Type(cut, "audit-to", "");
        Type(cut, "audit-resident", "Z9999");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Contains("住民番号「Z9999」の住民が見つかりません", TextOf(cut, "audit-filter-error"), StringComparison.Ordinal));
        Assert.Equal("5件", TextOf(cut, "audit-total"));
    }
}
