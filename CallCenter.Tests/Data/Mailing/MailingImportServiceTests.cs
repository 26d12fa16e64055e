using System.Globalization;
using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Mailing;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Mailing;

/// <summary>
/// The mailing-address import: all or nothing with every bad line named, identical addresses never written twice, the
/// same file twice writing nothing, duplicate households, dry runs, both encodings, large files.
/// </summary>
public abstract class MailingImportServiceTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 2026-03-14 10:30 in Japan.
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext clerk = null!;

    protected const string Header = "世帯番号,宛名,郵便番号,住所1,住所2,確認日";

    protected const string Good = $"""
        {Header}
        KH01,佐藤 正男,979-1306,福島県双葉郡大熊町大川原南平1-1,復興公営住宅 A-101,令和8年3月1日
        KH02,鈴木 一郎,９６３８０４１,福島県郡山市富田町字下亀田1,,2026/02/20
        """;

    private MailingImportService Service => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        clerk = await CallTestData.StaffAsync(Connections, clock, "sv-aizu", "会津 監督", UserRole.Supervisor, "会津若松");
    }

    protected Task<MailingImportResult> ImportAsync(string csv, bool dryRun = false, Encoding? encoding = null) =>
        ImportBytesAsync((encoding ?? new UTF8Encoding(false)).GetBytes(csv), dryRun);

    protected async Task<MailingImportResult> ImportBytesAsync(byte[] bytes, bool dryRun = false)
    {
        using var stream = new MemoryStream(bytes);
        return await Service.ImportAsync(stream, "mail.csv", dryRun, clerk);
    }

    protected async Task<int> CountAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    private async Task<IReadOnlyList<string>> AuditAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT Details FROM AuditLog WHERE Action = @A ORDER BY AuditId", new { A = AuditActions.ImportMailing })];
    }

    private async Task<int> HouseholdAsync(string no)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = @No", new { No = no });
    }

    [SkippableFact]
    public async Task Import_WritesEveryField_And_TheSameFileTwiceWritesNothing()
    {
        var first = await ImportAsync(Good);
        var second = await ImportAsync(Good);

        Assert.True(first.Committed, string.Join("\n", first.Errors));
        Assert.Equal("updated 2, unchanged 0, errors 0", first.Summary);
        Assert.Equal(["新規", "新規"], first.Preview.Select(p => p.Effect));
        Assert.Equal("updated 0, unchanged 2, errors 0", second.Summary);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
        var kh02 = (await new MailingAddresses(Connections).CurrentAsync(await HouseholdAsync("KH02")))!.Address;
        Assert.Equal(("鈴木 一郎", "9638041", "福島県郡山市富田町字下亀田1", (string?)null, new DateOnly(2026, 2, 20), MailingSource.Import, "会津 監督"),
            (kh02.Addressee, kh02.PostalCode, kh02.Address1, kh02.Address2, kh02.ConfirmedOn, kh02.Source, kh02.RecordedBy));
        Assert.Equal(["ファイル mail.csv・文字コード UTF-8・更新 2・変更なし 0", "ファイル mail.csv・文字コード UTF-8・更新 0・変更なし 2"], await AuditAsync());
    }

    [SkippableFact]
    public async Task Import_OfAChangedAddress_KeepsTheHistory_AndClearsTheReturnedMark()
    {
        await ImportAsync(Good);
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE HouseholdMailing SET ReturnedOn = @On", new { On = new DateOnly(2026, 3, 10) });
        }

        var result = await ImportAsync($"""
            {Header}
            KH01,佐藤 正男,979-1306,福島県双葉郡大熊町大川原南平1-1,復興公営住宅 B-202,令和8年3月12日
            KH02,鈴木 一郎,963-8041,福島県郡山市富田町字下亀田1,,2026-02-20
            """);

        Assert.Equal("updated 1, unchanged 1, errors 0", result.Summary);
        Assert.Equal(["更新", "変更なし"], result.Preview.Select(p => p.Effect));
        var kh01 = await HouseholdAsync("KH01");
        Assert.Equal(2, (await new MailingAddresses(Connections).HistoryAsync(kh01)).Count);
        Assert.False((await new MailingAddresses(Connections).CurrentAsync(kh01))!.IsReturned);
        Assert.True((await new MailingAddresses(Connections).CurrentAsync(await HouseholdAsync("KH02")))!.IsReturned);
    }

    [SkippableFact]
    public async Task Import_ListsEveryBadLine_And_WritesNothing()
    {
        var result = await ImportAsync($"""
            {Header}
            KH01,佐藤 正男,979-1306,福島県双葉郡大熊町大川原南平1-1,,
            KH77,山田 花子,979-1306,福島県双葉郡大熊町,,
            KH02,,979-1306,福島県双葉郡大熊町,,
            KH02,鈴木 一郎,979-130,福島県双葉郡大熊町,,
            KH02,鈴木 一郎,979-1306,,,
            KH02,鈴木 一郎,979-1306,福島県双葉郡大熊町,,令和8年3月15日
            KH02,鈴木 一郎,979-1306,福島県双葉郡大熊町,,2026/02/30
            KH02,鈴木 一郎,979-1306,福島県双葉郡大熊町,{new string('建', 121)},
            KH01,佐藤 正男,979-1306,福島県双葉郡大熊町大川原南平1-1,,
            KH01,佐藤 節子,979-1306,福島県双葉郡大熊町大川原南平1-1,,
            KH02,鈴木 一郎,979-1306
            """);

        Assert.False(result.Committed);
        Assert.Equal(
        [
            "3行目 世帯番号: 世帯番号「KH77」は住民台帳にありません",
            "4行目 宛名: 宛名を入力してください",
            "5行目 郵便番号: 郵便番号は7桁の数字で入力してください（979-130）",
            "6行目 住所1: 住所1を入力してください",
            "7行目 確認日: 確認日が未来の日付です（2026/03/15）",
            Assert.Single(result.Errors, e => e.Line == 8).ToString(),
            "9行目 住所2: 住所2は120文字以内にしてください（121文字）",
            "11行目 世帯番号: 世帯番号「KH01」は2行目と違う送付先です（1世帯に1つの送付先にしてください）",
            "12行目 行: 項目数が3個です（見出しは6個）",
        ], result.Errors.Select(e => e.ToString()));
        Assert.StartsWith("8行目 確認日: 確認日：", result.Errors[5].ToString(), StringComparison.Ordinal);
        Assert.Equal("updated 0, unchanged 0, errors 9", result.Summary);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
        Assert.Equal(["ファイル mail.csv・文字コード UTF-8・エラー 9件のため取込なし"], await AuditAsync());
    }

    [SkippableFact]
    public async Task Import_RefusesAMissingColumn_AndAnEmptyFile()
    {
        Assert.Equal(["1行目 見出し: 必須の列がありません: 郵便番号"],
            (await ImportAsync("世帯番号,宛名,住所1\nKH01,佐藤,福島県\n")).Errors.Select(e => e.ToString()));
        Assert.Equal(["ファイル: データ行がありません"], (await ImportAsync($"{Header}\n")).Errors.Select(e => e.ToString()));
    }

    [SkippableFact]
    public async Task DryRun_CountsButWritesNothing()
    {
        var result = await ImportAsync(Good, dryRun: true);

        Assert.Equal("updated 2, unchanged 0, errors 0", result.Summary);
        Assert.False(result.Committed);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));
        Assert.Equal(["ファイル mail.csv・文字コード UTF-8・更新 2・変更なし 0・確認のみ（書き込みなし）"], await AuditAsync());
    }

    [SkippableFact]
    public async Task Import_ReadsEnglishHeaders_And_Cp932()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var result = await ImportAsync("""
            household_no,addressee,postal_code,address1
            KH01,佐藤 正男 様,9791306,福島県双葉郡大熊町大川原南平１－１
            """, encoding: Encoding.GetEncoding(932));

        Assert.True(result.Committed, string.Join("\n", result.Errors));
        Assert.Equal("CP932", result.Encoding);
        Assert.Equal("福島県双葉郡大熊町大川原南平１－１", (await new MailingAddresses(Connections).CurrentAsync(await HouseholdAsync("KH01")))!.Address.Address1);
    }
}

public sealed class MailingImportServiceTestsOnSqlite : MailingImportServiceTests<OnSqlite>
{
    /// <summary>
    /// 100,001 lines of multibyte text in each encoding (the buffers of the decoder and the CSV reader end inside
    /// characters): every line read, the same address repeated counted unchanged, and a bad last line named by its line.
    /// </summary>
    [Theory]
    [InlineData("UTF-8")]
    [InlineData("CP932")]
    public async Task Import_OfALargeFile_ReadsEveryLine_And_NamesTheLastLineRight(string encodingName)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = encodingName == "UTF-8" ? new UTF8Encoding(false) : Encoding.GetEncoding(932);
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 100_000; i++)
        {
            // An odd-length prefix shifts every later line by one byte, so buffer ends fall inside characters.
            csv.Append(i % 2 == 0 ? "KH01,佐藤　正男,979-1306,福島県双葉郡大熊町大川原南平1-1,復興公営住宅Ａ棟101号,令和8年3月1日\n"
                                  : "KH02,鈴木　一郎,963-8041,福島県郡山市富田町字下亀田1,,\n");
        }
        var good = await ImportBytesAsync(encoding.GetBytes(csv.ToString()));
        Assert.Equal(encodingName, good.Encoding);
        Assert.Equal("updated 2, unchanged 99998, errors 0", good.Summary);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM MailingAddresses"));

        csv.Append("KH01,佐藤　正男,979-1306,福島県双葉郡大熊町大川原南平1-1,復興公営住宅Ａ棟101号,令和9年3月1日\n");
        var bad = await ImportBytesAsync(encoding.GetBytes(csv.ToString()));
        Assert.Equal("100002行目 確認日: 確認日が未来の日付です（2027/03/01）", Assert.Single(bad.Errors).ToString());
        Assert.Equal("updated 0, unchanged 0, errors 1", bad.Summary);
    }
}

public sealed class MailingImportServiceTestsOnSqlServer : MailingImportServiceTests<OnSqlServer>;
