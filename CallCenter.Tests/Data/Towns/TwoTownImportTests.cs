using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Intentions;
using CallCenter.Data.Mailing;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Towns;

/// <summary>
/// The key test of issue 19 for imports: two towns whose registers use the same resident and household numbers (each
/// town numbers its own people). Every import writes and matches only the town it is given; the other town's rows stay
/// exactly as they were, column by column.
/// </summary>
public sealed class TwoTownImportTests : IAsyncLifetime
{
    // 大熊町: the register imported first (town 1).
    private const string RegisterA = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,佐藤 正男,サトウ マサオ,昭和22年5月3日,男,浜区,大熊町浜1-1,0240-11-2233
        K0002,KH01,妻,佐藤 節子,サトウ セツコ,昭和25年8月1日,女,浜区,大熊町浜1-1,
        K0101,KH02,世帯主,鈴木 一郎,スズキ イチロウ,1960-01-01,男,山区,大熊町山2-2,
        """;

    // 富岡町: the same numbers for other people (and one 佐藤 正男 of its own, born another day).
    private const string RegisterB = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,遠藤 健一,エンドウ ケンイチ,1970-07-07,男,本町,富岡町本町1-1,0240-22-3344
        K0002,KH01,妻,遠藤 美咲,エンドウ ミサキ,1972-03-03,女,本町,富岡町本町1-1,
        K0101,KH02,世帯主,佐藤 正男,サトウ マサオ,1981-12-24,男,中央,富岡町中央2-2,
        K0102,KH02,子,佐藤 翼,サトウ ツバサ,2010-05-05,男,中央,富岡町中央2-2,
        """;

    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private int townA;
    private int townB;

    private TimeProvider Time => TimeProvider.System;

    public async Task InitializeAsync()
    {
        new Migrations(db.Connections, new TownDefaults("075451", "大熊町")).Apply();
        var imported = await new ResidentImportService(db.Connections, Time).ImportAsync(Stream(RegisterA), dryRun: false);
        Assert.Empty(imported.Errors);
        var added = await new TownRepository(db.Connections, Time).AddAsync("075434", "富岡町");
        (townA, townB) = (1, added.Town!.TownId);
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private static MemoryStream Stream(string text, int codePage = 65001)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = codePage == 65001 ? new UTF8Encoding(true) : Encoding.GetEncoding(codePage);
        return new MemoryStream(encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray());
    }

    /// <summary>Every column of a town's residents and households, in id order, as text.</summary>
    private async Task<List<string>> TownRowsAsync(int townId)
    {
        await using var connection = await db.Connections.OpenAsync();
        var rows = new List<string>();
        foreach (var table in new[] { ("Households", "HouseholdId"), ("Residents", "ResidentId") })
        {
            var found = await connection.QueryAsync($"SELECT * FROM {table.Item1} WHERE TownId = @TownId ORDER BY {table.Item2}", new { TownId = townId });
            rows.AddRange(found.Select(r => table.Item1 + ": " + string.Join("|", ((IDictionary<string, object?>)r).Select(kv => $"{kv.Key}={kv.Value}"))));
        }
        return rows;
    }

    private async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    private async Task<ResidentImportResult> ImportBAsync(int codePage = 65001) =>
        await new ResidentImportService(db.Connections, Time).ImportAsync(Stream(RegisterB, codePage), dryRun: false, townId: townB);

    [Fact]
    public async Task ImportingTownB_WithTheSameNumbers_InsertsNewPeople_And_LeavesTownAUntouched()
    {
        var before = await TownRowsAsync(townA);

        var result = await ImportBAsync();

        Assert.Empty(result.Errors);
        Assert.Equal("inserted 4, updated 0, unchanged 0, errors 0", result.Summary);
        Assert.Equal((2, 0), (result.HouseholdsInserted, result.HouseholdsUpdated));
        Assert.Equal(before, await TownRowsAsync(townA));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM Residents WHERE ResidentNo = 'K0001'"));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM Households WHERE HouseholdNo = 'KH01'"));
        Assert.Equal("遠藤", await connectionScalarAsync("SELECT FamilyName FROM Residents WHERE ResidentNo = 'K0001' AND TownId = @TownId", townB));
        // A household never spans towns: every resident's household is in the resident's town.
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM Residents r JOIN Households h ON h.HouseholdId = r.HouseholdId WHERE h.TownId <> r.TownId"));
    }

    private async Task<string?> connectionScalarAsync(string sql, int townId)
    {
        await using var connection = await db.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>(sql, new { TownId = townId });
    }

    [Fact]
    public async Task ImportingEachTownAgain_IsAllUnchanged_InCp932Too()
    {
        Assert.Empty((await ImportBAsync()).Errors);
        var a = await TownRowsAsync(townA);
        var b = await TownRowsAsync(townB);

        var againB = await ImportBAsync(codePage: 932);
        var againA = await new ResidentImportService(db.Connections, Time).ImportAsync(Stream(RegisterA), dryRun: false, townId: townA);

        Assert.Equal("CP932", againB.Encoding);
        Assert.Equal("inserted 0, updated 0, unchanged 4, errors 0", againB.Summary);
        Assert.Equal("inserted 0, updated 0, unchanged 3, errors 0", againA.Summary);
        Assert.Equal(a, await TownRowsAsync(townA));
        Assert.Equal(b, await TownRowsAsync(townB));
    }

    [Fact]
    public async Task ImportWithoutATown_IsRefused_When_SeveralTownsExist_AndWritesNothing()
    {
        var before = await ScalarAsync("SELECT COUNT(*) FROM Residents");

        var result = await new ResidentImportService(db.Connections, Time).ImportAsync(Stream(RegisterB), dryRun: false);

        Assert.Equal([new ImportError(0, "町", "町が 2 つあります。取り込む町を指定してください。")], result.Errors);
        Assert.Equal(before, await ScalarAsync("SELECT COUNT(*) FROM Residents"));
    }

    [Fact]
    public async Task StatusList_ForTownB_MatchesOnlyTownBsPeople()
    {
        Assert.Empty((await ImportBAsync()).Errors);
        var a = await TownRowsAsync(townA);
        // By number (K0001 is 佐藤 正男 in 大熊町 but 遠藤 健一 in 富岡町), and by reading (サトウ マサオ lives in both towns).
        var list = string.Join("\r\n",
            "住民番号,氏名,氏名カナ,生年月日,性別,安否,避難先種別,都道府県,市区町村,避難先,連絡先,確認日",
            "K0001,遠藤 健一,エンドウ ケンイチ,1970/07/07,男,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/13",
            ",佐藤 正男,サトウ マサオ,,男,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/13",
            "");
        var service = new StatusListImportService(db.Connections, Time);

        var preview = await service.PreviewAsync(Stream(list), "b.csv", ReportSource.ShelterList, townId: townB);
        var result = await service.CommitAsync(Stream(list, 932), "b.csv", ReportSource.ShelterList, OperatorContext.CommandLine, townId: townB);

        Assert.Equal("reported 2, queued 0, already imported 0, errors 0", preview.Summary);
        Assert.Equal("reported 2, queued 0, already imported 0, errors 0", result.Summary);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM SafetyReports s JOIN Residents r ON r.ResidentId = s.ResidentId WHERE r.TownId = @TownId", new { TownId = townA }));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM SafetyReports s JOIN Residents r ON r.ResidentId = s.ResidentId WHERE r.TownId = @TownId", new { TownId = townB }));
        Assert.Equal(a, await TownRowsAsync(townA));
        Assert.Contains("町 富岡町（075434）", await connectionScalarAsync("SELECT Details FROM AuditLog WHERE Action = 'import-status' ORDER BY AuditId DESC LIMIT 1", 0));

        // The same list for 大熊町 is another statement about other people: not "already imported".
        var forA = await service.PreviewAsync(Stream(list), "b.csv", ReportSource.ShelterList, townId: townA);
        Assert.Equal(0, forA.AlreadyImported);
        Assert.Equal("住民番号と氏名が一致しない", forA.Rows[0].Reason);
        Assert.Equal((long)townA, await ScalarAsync("SELECT TownId FROM Residents WHERE ResidentId = @Id", new { Id = forA.Rows[1].Resident!.ResidentId }));
    }

    [Fact]
    public async Task StatusList_WithoutATown_IsRefused_When_SeveralTownsExist()
    {
        var list = StatusImportHeaderOnlyLine();

        var preview = await new StatusListImportService(db.Connections, Time).PreviewAsync(Stream(list), "x.csv", ReportSource.ShelterList);

        Assert.Equal([new ImportError(0, "町", "町が 2 つあります。取り込む町を指定してください。")], preview.Errors);
    }

    private static string StatusImportHeaderOnlyLine() => string.Join("\r\n",
        "住民番号,氏名,氏名カナ,生年月日,性別,安否,避難先種別,都道府県,市区町村,避難先,連絡先,確認日",
        "K0001,遠藤 健一,エンドウ ケンイチ,1970/07/07,男,無事,避難所,福島県,郡山市,ビッグパレットふくしま,,2026/03/13",
        "");

    [Fact]
    public async Task Intentions_ForTownB_AnswerOnlyTownBsHouseholds()
    {
        Assert.Empty((await ImportBAsync()).Errors);
        const string postal = """
            世帯番号,回答日,帰還意向
            KH01,2026/03/01,戻りたい
            KH02,2026/03/02,判断がつかない
            """;
        var service = new IntentionImportService(db.Connections, Time);

        var result = await service.ImportAsync(Stream(postal), "b.csv", "2026年度", dryRun: false, OperatorContext.CommandLine, townId: townB);
        var refused = await service.ImportAsync(Stream(postal), "b.csv", "2026年度", dryRun: true, OperatorContext.CommandLine);

        Assert.Empty(result.Errors);
        Assert.Equal("answered 2, updated 0, unchanged 0, errors 0", result.Summary);
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM IntentionAnswers a JOIN Households h ON h.HouseholdId = a.HouseholdId WHERE h.TownId = @TownId", new { TownId = townB }));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM IntentionAnswers a JOIN Households h ON h.HouseholdId = a.HouseholdId WHERE h.TownId = @TownId", new { TownId = townA }));
        Assert.Equal([new ImportError(0, "町", "町が 2 つあります。取り込む町を指定してください。")], refused.Errors);
        Assert.Contains("町 富岡町（075434）", await connectionScalarAsync("SELECT Details FROM AuditLog WHERE Action = 'import-intentions' ORDER BY AuditId LIMIT 1", 0));
    }

    [Fact]
    public async Task Intentions_ByResidentNumber_ResolveInTheGivenTown()
    {
        Assert.Empty((await ImportBAsync()).Errors);
        const string postal = """
            住民番号,回答日,帰還意向
            K0102,2026/03/01,戻らない
            """;

        var forB = await new IntentionImportService(db.Connections, Time).ImportAsync(Stream(postal), "b.csv", "2026年度", dryRun: false, OperatorContext.CommandLine, townId: townB);
        var forA = await new IntentionImportService(db.Connections, Time).ImportAsync(Stream(postal), "a.csv", "2026年度", dryRun: true, OperatorContext.CommandLine, townId: townA);

        Assert.Empty(forB.Errors);
        Assert.Equal("KH02", forB.Preview[0].HouseholdNo);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM IntentionAnswers a JOIN Households h ON h.HouseholdId = a.HouseholdId WHERE h.TownId = @TownId AND h.HouseholdNo = 'KH02'", new { TownId = townB }));
        // K0102 does not exist in 大熊町.
        Assert.Single(forA.Errors);
        Assert.Equal(2, forA.Errors[0].Line);
    }

    [Fact]
    public async Task Mailing_ForTownB_WritesOnlyTownBsHouseholds()
    {
        Assert.Empty((await ImportBAsync()).Errors);
        const string mail = """
            世帯番号,宛名,郵便番号,住所1,住所2,確認日
            KH01,遠藤 健一,979-1306,福島県双葉郡大熊町大川原南平1-1,復興公営住宅 A-101,令和8年3月1日
            """;
        var service = new MailingImportService(db.Connections, Time);

        var result = await service.ImportAsync(Stream(mail, 932), "b.csv", dryRun: false, OperatorContext.CommandLine, townId: townB);
        var refused = await service.ImportAsync(Stream(mail), "b.csv", dryRun: false, OperatorContext.CommandLine);

        Assert.Equal("updated 1, unchanged 0, errors 0", result.Summary);
        Assert.Equal((long)townB, await ScalarAsync("SELECT h.TownId FROM HouseholdMailing m JOIN Households h ON h.HouseholdId = m.HouseholdId"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM HouseholdMailing"));
        Assert.Equal([new ImportError(0, "町", "町が 2 つあります。取り込む町を指定してください。")], refused.Errors);
        Assert.Contains("町 富岡町（075434）", await connectionScalarAsync("SELECT Details FROM AuditLog WHERE Action = 'import-mailing' ORDER BY AuditId LIMIT 1", 0));
    }
}
