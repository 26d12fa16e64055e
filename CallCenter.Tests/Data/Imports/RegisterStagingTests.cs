using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using Dapper;

namespace CallCenter.Tests.Data.Imports;

/// <summary>
/// The register import's staging and set-based upsert: duplicates found in SQL with their lines, per-column change
/// detection, households decided by the head's row, all-or-nothing when a write fails, and the residents' indexes
/// dropped and built again for a large load into a small register.
/// </summary>
public abstract class RegisterStagingTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private const string Header = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由";

    private static readonly string[] Rows =
    [
        "0000001,H0001,世帯主,髙橋 一郎,タカハシ イチロウ,昭和45年3月12日,男,汐見一区,汐見町大字汐見1-1,0240-12-3456,0,",
        "0000002,H0001,妻,髙橋 花子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,1,要介護3",
        "0000003,H0002,世帯主,山﨑 健,ヤマサキ ケン,H2.1.8,M,請戸,汐見町大字請戸2-3,,0,",
    ];

    private ResidentImportService Service => new(Connections, TimeProvider.System);

    private Task<ResidentImportResult> ImportAsync(IEnumerable<string> rows, string header = Header, bool dryRun = false) =>
        Service.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(header + "\r\n" + string.Join("\r\n", rows) + "\r\n")), dryRun);

    [SkippableFact]
    public async Task Import_NamesEveryDuplicateWithTheFirstLine_When_FileRepeatsResidentNumbers()
    {
        string[] rows =
        [
            .. Rows,
            "0000001,H0009,世帯主,佐藤 進,サトウ ススム,1950/1/1,男,,,,0,",
            "0000004,H0004,世帯主,佐藤 進,サトウ ススム,1950/1/1,男,,,,0,",
            "0000003,H0004,子,佐藤 健,サトウ ケン,1980/1/1,男,,,,0,",
            "0000001,H0004,子,佐藤 誠,サトウ マコト,1982/1/1,男,,,,0,",
        ];

        var result = await ImportAsync(rows);

        Assert.Equal(
            [
                "5行目 住民番号: ファイル内で重複しています（2行目と同じ 0000001）",
                "7行目 住民番号: ファイル内で重複しています（4行目と同じ 0000003）",
                "8行目 住民番号: ファイル内で重複しています（2行目と同じ 0000001）",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM Residents"));
    }

    [SkippableFact]
    public async Task Import_ListsErrorsInLineOrder_When_DuplicatesAndBadRowsMix()
    {
        string[] rows =
        [
            .. Rows,
            "0000002,H0001,子,髙橋 翔太,タカハシ ショウタ,2005/4/2,男,,,,0,",
            "0000005,H0003,世帯主,佐藤 進,サトウ ススム,1950/2/30,男,,,,0,",
        ];

        var result = await ImportAsync(rows);

        Assert.Equal([(5, "住民番号"), (6, "生年月日")], result.Errors.Select(e => (e.Line, e.Column)));
    }

    [SkippableTheory]
    [InlineData("続柄", "0000002,H0001,子,髙橋 花子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,1,要介護3")]
    [InlineData("氏", "0000002,H0001,妻,高橋 花子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,1,要介護3")]
    [InlineData("名", "0000002,H0001,妻,髙橋 華子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,1,要介護3")]
    [InlineData("氏カナ", "0000002,H0001,妻,髙橋 花子,タカバシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,1,要介護3")]
    [InlineData("名カナ", "0000002,H0001,妻,髙橋 花子,タカハシ ハナ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,1,要介護3")]
    [InlineData("生年月日", "0000002,H0001,妻,髙橋 花子,タカハシ ハナコ,S47.5.2,女,汐見一区,汐見町大字汐見1-1,,1,要介護3")]
    [InlineData("性別", "0000002,H0001,妻,髙橋 花子,タカハシ ハナコ,S47.5.1,その他,汐見一区,汐見町大字汐見1-1,,1,要介護3")]
    [InlineData("行政区", "0000002,H0001,妻,髙橋 花子,タカハシ ハナコ,S47.5.1,女,汐見二区,汐見町大字汐見1-1,,1,要介護3")]
    [InlineData("住所", "0000002,H0001,妻,髙橋 花子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-2,,1,要介護3")]
    [InlineData("電話番号", "0000002,H0001,妻,髙橋 花子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,090-1111-2222,1,要介護3")]
    [InlineData("要支援者", "0000002,H0001,妻,髙橋 花子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,0,要介護3")]
    [InlineData("要支援理由", "0000002,H0001,妻,髙橋 花子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,1,要介護4")]
    [InlineData("世帯", "0000002,H0002,妻,髙橋 花子,タカハシ ハナコ,S47.5.1,女,汐見一区,汐見町大字汐見1-1,,1,要介護3")]
    public async Task Import_UpdatesOneResident_When_OneColumnOfOneRowChanged(string column, string changed)
    {
        await ImportAsync(Rows);
        var version = await ScalarAsync("SELECT Version FROM Residents WHERE ResidentNo = '0000002'");

        var result = await ImportAsync([Rows[0], changed, Rows[2]]);

        Assert.True(result.Committed, column);
        Assert.Equal("inserted 0, updated 1, unchanged 2, errors 0", result.Summary);
        Assert.Equal(version + 1, await ScalarAsync("SELECT Version FROM Residents WHERE ResidentNo = '0000002'"));
        Assert.Equal(0, await ScalarAsync("SELECT Version FROM Residents WHERE ResidentNo = '0000001'"));
    }

    [SkippableFact]
    public async Task Import_CountsCaseAndWidthChangesAsUpdates_When_OnlyTheSpellingDiffers()
    {
        await ImportAsync(Rows);

        // A collation that ignores case or width (SQL Server's default ones) would call these unchanged.
        var result = await ImportAsync([Rows[0].Replace("汐見町大字汐見1-1", "汐見町大字汐見１-1"), Rows[1], Rows[2].Replace("請戸2-3", "請戸2-3a")]);

        Assert.Equal("inserted 0, updated 2, unchanged 1, errors 0", result.Summary);
    }

    [SkippableFact]
    public async Task Import_KeepsVulnerableFlagAndReason_When_FileHasNoVulnerableColumn()
    {
        await ImportAsync(Rows);
        var header = Header[..Header.IndexOf(",要支援者", StringComparison.Ordinal)];
        var without = Rows.Select(r => string.Join(',', r.Split(',')[..10]));

        var result = await ImportAsync(without, header);

        Assert.Equal("inserted 0, updated 0, unchanged 3, errors 0", result.Summary);
        await using var connection = await Connections.OpenAsync();
        var (vulnerable, reason) = await connection.QuerySingleAsync<(bool, string?)>(
            "SELECT IsVulnerable, VulnerableReason FROM Residents WHERE ResidentNo = '0000002'");
        Assert.Equal((true, "要介護3"), (vulnerable, reason));
    }

    [SkippableFact]
    public async Task Import_TakesTheHeadsRowForTheHousehold_When_TheHeadComesAfterOtherMembers()
    {
        string[] rows =
        [
            "0000011,H0011,子,林 一,ハヤシ ハジメ,2000/1/1,男,北区,北町1,,0,",
            "0000012,H0011,世帯主,林 二郎,ハヤシ ジロウ,1970/1/1,男,南区,南町2,,0,",
            "0000013,H0011,妻,林 三奈,ハヤシ ミナ,1972/1/1,女,東区,東町3,,0,",
            "0000021,H0021,子,森 一,モリ ハジメ,2000/1/1,男,北区,北町1,,0,",
            "0000022,H0021,子,森 二,モリ ジ,2002/1/1,男,西区,西町4,,0,",
        ];

        var result = await ImportAsync(rows);

        Assert.Equal((2, 0), (result.HouseholdsInserted, result.HouseholdsUpdated));
        await using var connection = await Connections.OpenAsync();
        var households = (await connection.QueryAsync<(string, string, string)>(
            "SELECT HouseholdNo, District, Address FROM Households ORDER BY HouseholdId")).ToList();
        Assert.Equal([("H0011", "南区", "南町2"), ("H0021", "西区", "西町4")], households);

        var again = await ImportAsync(rows.Select(r => r.Replace("南区,南町2", "中区,中町5")));

        Assert.Equal((0, 1), (again.HouseholdsInserted, again.HouseholdsUpdated));
        Assert.Equal("inserted 0, updated 1, unchanged 4, errors 0", again.Summary);
        Assert.Equal("中区", await connection.ExecuteScalarAsync<string>("SELECT District FROM Households WHERE HouseholdNo = 'H0011'"));
    }

    [SkippableFact]
    public async Task Import_ReportsAllUnchanged_When_A20000RowRegisterIsImportedTwice()
    {
        var file = RegisterBytes(20_000);
        var first = await Service.ImportAsync(new MemoryStream(file), dryRun: false);
        var before = await ScalarAsync("SELECT COALESCE(SUM(Version), 0) FROM Residents");

        var again = await Service.ImportAsync(new MemoryStream(file), dryRun: false);

        Assert.Equal("inserted 20000, updated 0, unchanged 0, errors 0", first.Summary);
        Assert.Equal("inserted 0, updated 0, unchanged 20000, errors 0", again.Summary);
        Assert.Equal((0, 0), (again.HouseholdsInserted, again.HouseholdsUpdated));
        Assert.Equal(before, await ScalarAsync("SELECT COALESCE(SUM(Version), 0) FROM Residents"));
        Assert.Equal(20_000, await ScalarAsync("SELECT SUM(Residents) FROM ResidentCounts"));
    }

    [SkippableFact]
    public async Task Import_DropsNoStagingTableIntoTheRegister_When_Done()
    {
        await ImportAsync(Rows);
        await ImportAsync(Rows, dryRun: true);

        // The same pooled connection serves the next import: its staging tables were dropped, or creating them fails.
        var again = await ImportAsync(Rows);

        Assert.Equal("inserted 0, updated 0, unchanged 3, errors 0", again.Summary);
    }

    /// <summary>The generated register as UTF-8 bytes (names and addresses with double-byte characters).</summary>
    protected static byte[] RegisterBytes(int residents)
    {
        using var stream = new MemoryStream();
        DemoTownGenerator.WriteRegisterCsv(stream, residents);
        return stream.ToArray();
    }

    protected async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}

public sealed class RegisterStagingTestsOnSqlite : RegisterStagingTests<OnSqlite>
{
    private Task<string> IndexesAsync() => TextAsync(
        "SELECT name || ':' || sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Residents' AND sql IS NOT NULL ORDER BY name");

    private async Task<string> TextAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        return string.Join("\n", await connection.QueryAsync<string>(sql));
    }

    /// <summary>Every row of the register's tables, sorted: equal snapshots mean nothing changed.</summary>
    private async Task<string> SnapshotAsync()
    {
        var text = new StringBuilder();
        foreach (var table in new[] { "Households", "Residents", "ResidentCounts", "RegisterVersion" })
        {
            await using var connection = await Connections.OpenAsync();
            var rows = (await connection.QueryAsync($"SELECT * FROM {table}"))
                .Select(row => string.Join("|", ((IDictionary<string, object?>)row).Select(c => $"{c.Key}={c.Value}")))
                .Order(StringComparer.Ordinal);
            text.Append(table).Append('\n').AppendJoin('\n', rows).Append('\n');
        }
        return text.ToString();
    }

    [Fact]
    public async Task Import_BuildsTheResidentsIndexesAgain_When_ALargeFileGoesIntoASmallRegister()
    {
        var indexes = await IndexesAsync();
        Assert.Contains("IX_Residents_KanaKey", indexes, StringComparison.Ordinal);

        var result = await NewService().ImportAsync(new MemoryStream(RegisterBytes(12_000)), dryRun: false);

        Assert.Equal("inserted 12000, updated 0, unchanged 0, errors 0", result.Summary);
        Assert.Equal(indexes, await IndexesAsync());
        // Every index holds every row (integrity_check compares each index with its table).
        Assert.Equal("ok", await TextAsync("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Import_LeavesTheDatabaseAndItsIndexesExactlyAsTheyWere_When_TheDiskFillsDuringTheWrite()
    {
        await NewService().ImportAsync(new MemoryStream(RegisterBytes(50)), dryRun: false);
        var before = await SnapshotAsync();
        var indexes = await IndexesAsync();
        var pages = await ScalarAsync("PRAGMA page_count");
        // Room for the check (the staging tables are in the connection's temp file), not for 12,000 residents.
        var capped = new ConnectionFactory(Connections.Options with { ExtraSessionSql = $"PRAGMA max_page_count = {pages + 40};" });
        var check = await new ResidentImportService(capped, TimeProvider.System).ImportAsync(new MemoryStream(RegisterBytes(12_000)), dryRun: true);
        Assert.True(check.Errors.Count == 0, string.Join("; ", check.Errors));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            new ResidentImportService(capped, TimeProvider.System).ImportAsync(new MemoryStream(RegisterBytes(12_000)), dryRun: false));

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(indexes, await IndexesAsync());
        Assert.Equal("ok", await TextAsync("PRAGMA integrity_check"));
    }

    /// <summary>
    /// 100,000 rows with names and addresses in double-byte characters, in UTF-8 and in CP932, imported whole: every
    /// name and address is stored as the file has it (a character split across the reader's buffers would change it).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Import_Stores100000RowsExactly_When_FileIsUtf8OrCp932(bool cp932)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = Encoding.UTF8.GetString(RegisterBytes(100_000));
        var encoding = cp932
            ? Encoding.GetEncoding(932, new EncoderReplacementFallback("〓"), DecoderFallback.ExceptionFallback)
            : new UTF8Encoding(false);
        var bytes = encoding.GetBytes(text);
        var expected = new StringBuilder();
        var reader = new CsvRecordReader(new StringReader(encoding.GetString(bytes)));
        reader.Read();
        while (reader.Read() is { } record)
        {
            if (record is not [""])
            {
                expected.Append(record[0]).Append('|').Append(record[3].Replace('\u3000', ' ')).Append('|').Append(record[8]).Append('\n');
            }
        }

        var result = await NewService().ImportAsync(new MemoryStream(bytes), dryRun: false);

        Assert.Equal("inserted 100000, updated 0, unchanged 0, errors 0", result.Summary);
        Assert.Equal(cp932 ? "CP932" : "UTF-8", result.Encoding);
        var stored = await TextAsync("SELECT ResidentNo || '|' || FamilyName || ' ' || GivenName || '|' || COALESCE(Address, '') FROM Residents ORDER BY ResidentId");
        Assert.Equal(expected.ToString(), stored + "\n");
    }

    private ResidentImportService NewService() => new(Connections, TimeProvider.System);
}

public sealed class RegisterStagingTestsOnSqlServer : RegisterStagingTests<OnSqlServer>;
