using System.Text;
using CallCenter.Data;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Provisional;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CallCenter.Tests.Data.Residents;

/// <summary>The demo town of 11,500 residents, imported once into a SQLite file the comparison tests only read.</summary>
public sealed class DemoRegisterFixture : IAsyncLifetime
{
    public const int Residents = 11_500;

    public TestDatabase Db { get; } = TestDatabase.CreateSqlite();

    public byte[] Csv { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Db.Migrate();
        using var stream = new MemoryStream();
        DemoTownGenerator.WriteRegisterCsv(stream, Residents);
        Csv = stream.ToArray();
        var result = await new ResidentImportService(Db.Connections, TimeProvider.System).ImportAsync(new MemoryStream(Csv), dryRun: false);
        Assert.True(result.Committed, string.Join("; ", result.Errors));
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();
}

/// <summary>
/// The in-process index answers every search exactly as the SQL path does (ids, order, scores and every field shown),
/// over the bench's query set on the demo town of 11,500 and over edge cases; and stays so after renames, provisional
/// persons, merges and imports, made through this instance or another one on the same file.
/// </summary>
public sealed class SearchIndexTests(DemoRegisterFixture town, ITestOutputHelper output) : IClassFixture<DemoRegisterFixture>
{
    private sealed class Sample
    {
        public int ResidentId { get; init; }
        public string ResidentNo { get; init; } = "";
        public string FamilyName { get; init; } = "";
        public string GivenName { get; init; } = "";
        public string FamilyNameKana { get; init; } = "";
        public string GivenNameKana { get; init; } = "";
        public DateOnly? BirthDate { get; init; }
        public string? Phone { get; init; }
        public string? HouseholdNo { get; init; }
        public string? District { get; init; }
    }

    private const string SampleSql = """
        SELECT r.ResidentId, r.ResidentNo, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana, r.BirthDate, r.Phone,
               h.HouseholdNo, r.District
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
         WHERE r.ResidentId = @ResidentId
        """;

    private static string Hiragana(string katakana) =>
        new(katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c).ToArray());

    /// <summary>The bench's query kinds (bench/CallCenter.Bench/ConsoleScenarios.cs), built from random residents the same way.</summary>
    private static IEnumerable<string> BenchQueries(Sample p)
    {
        yield return $"{Hiragana(p.FamilyNameKana)} {Hiragana(p.GivenNameKana)}";
        yield return Hiragana(p.FamilyNameKana);
        yield return $"{Hiragana(p.FamilyNameKana)} {Hiragana(p.GivenNameKana[..Math.Min(2, p.GivenNameKana.Length)])}";
        yield return p.FamilyName + p.GivenName;
        if (p.BirthDate is { } born)
        {
            yield return $"{p.FamilyName} {JapaneseDates.FormatEra(born)}";
            yield return $"{p.FamilyNameKana} {p.GivenNameKana} {born:yyyy/M/d}";
        }
        yield return p.ResidentNo;
        yield return $"{p.FamilyName} {Hiragana(p.GivenNameKana)}";
        if (PhoneNumbers.Key(p.Phone) is not null)
        {
            yield return p.Phone!;
        }
    }

    /// <summary>More shapes than the bench: periods, 和暦 years, households, districts, places, partial words, garbage.</summary>
    private static IEnumerable<string> MoreQueries(Sample p)
    {
        if (p.BirthDate is { } born)
        {
            var era = JapaneseDates.FormatEra(born);
            yield return $"{era[..(era.IndexOf('年') + 1)]}生まれの{p.FamilyName}";
            yield return $"{p.FamilyName}{EraLetter(born)}";
            yield return $"{Hiragana(p.FamilyNameKana)} {born.Year}年";
            yield return $"{p.FamilyName} {born.Year}年{born.Month}月";
            yield return $"{born:yyyyMMdd}";
            yield return $"{born.Year}";
        }
        if (p.HouseholdNo is { } household)
        {
            yield return household;
        }
        if (p.District is { } district)
        {
            yield return district;
            yield return $"{district}の{p.FamilyName}";
        }
        yield return p.FamilyName[..1];
        yield return Hiragana(p.GivenNameKana);
        yield return p.GivenName;
        yield return $"{p.GivenName} {p.FamilyName}";
        yield return NameKey.Kana(p.FamilyNameKana).ToLowerInvariant();
    }

    // S45 for 1970: the letter and the era year, as operators type a caller's birth year.
    private static string EraLetter(DateOnly born)
    {
        var era = JapaneseDates.Eras.Last(e => e.Start <= born);
        return $"{era.Letter}{born.Year - era.Start.Year + 1}";
    }

    private static readonly string[] EdgeQueries =
    [
        "", "   ", "!!!", "？？？", "@#$%", "1", "12", "ｱ", "あ", "さ", "さとう", "佐藤", "佐", "鈴木", "高橋", "髙橋", "斉藤", "齋藤",
        "𠮷田", "山﨑", "昭和45年生まれの佐藤", "佐藤S45", "S45", "昭和45年", "昭和45年3月", "H2.1.8", "令和元年5月1日", "75歳", "70代",
        "佐藤 75歳", "さとう 70代", "satou", "Sato", "suzuki hanako", "ｻﾄｳ", "サトウ ハ", "さとう　はなこ", "0240-12-3456", "090",
        "+81 90 1234 5678", "0000001", "H000001", "H0001", "P1", new string('あ', 300), "佐藤 佐藤 佐藤", "の", "請戸の", "の佐藤",
        "1970/3/12", "19700312", "1970-03-12 佐藤", "S45.3.12", "佐藤S45.3.12", "%", "_", "\\", "[", "'; DROP TABLE Residents; --",
    ];

    private async Task<List<string>> QuerySetAsync(int people, int seed)
    {
        var random = new Random(seed);
        await using var connection = await town.Db.Connections.OpenAsync();
        var max = await connection.ExecuteScalarAsync<int>("SELECT MAX(ResidentId) FROM Residents");
        var queries = new List<string>();
        var seen = new HashSet<int>();
        while (seen.Count < people)
        {
            var id = random.Next(1, max + 1);
            if (seen.Add(id) && await connection.QuerySingleOrDefaultAsync<Sample>(SampleSql, new { ResidentId = id }) is { } p)
            {
                queries.AddRange(BenchQueries(p));
                if (seen.Count % 4 == 0)
                {
                    queries.AddRange(MoreQueries(p));
                }
            }
        }
        return queries;
    }

    private static string Describe(IReadOnlyList<SearchHit> hits) =>
        string.Join(", ", hits.Select(h => $"{h.Resident.ResidentNo}:{h.Score}"));

    /// <summary>Same ids in the same order, the same scores and flags, and every field of every row equal.</summary>
    private static void AssertSame(string query, IReadOnlyList<SearchHit> expected, IReadOnlyList<SearchHit> actual)
    {
        Assert.True(expected.Count == actual.Count, $"「{query}」: SQL {Describe(expected)} / index {Describe(actual)}");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i] == actual[i], $"「{query}」 #{i}: SQL {Describe(expected)} / index {Describe(actual)}");
        }
    }

    private static async Task<SearchIndex> LoadedIndexAsync(TestDatabase db)
    {
        var index = new SearchIndex(db.Connections);
        await index.RefreshAsync();
        return index;
    }

    private static async Task CompareAsync(TestDatabase db, SearchIndex index, IEnumerable<string> queries, int limit = 20)
    {
        var sql = new ResidentSearch(db.Connections);
        var indexed = new ResidentSearch(db.Connections, index: index);
        foreach (var query in queries)
        {
            AssertSame(query, await sql.SearchAsync(query, limit), await indexed.SearchAsync(query, limit));
        }
    }

    [Fact]
    public async Task IndexAndSql_GiveIdenticalResults_OverTheBenchQuerySet()
    {
        var queries = await QuerySetAsync(people: 2000 / 8 + 1, seed: 20110311);
        var index = await LoadedIndexAsync(town.Db);

        await CompareAsync(town.Db, index, queries);

        Assert.Equal(DemoRegisterFixture.Residents, index.Residents);
        // Most of the mix is answered from memory: only phones and places go to SQL.
        Assert.True(index.AnsweredFromIndex > queries.Count * 3 / 4, $"{index.AnsweredFromIndex} of {queries.Count} from the index");
        output.WriteLine($"{queries.Count} queries; {index.AnsweredFromIndex} from the index, {index.AnsweredBySql} by SQL; load {index.LastLoadTime.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task IndexAndSql_GiveIdenticalResults_ForEdgeCasesAndTheLargestLimit()
    {
        var index = await LoadedIndexAsync(town.Db);
        await using (var connection = await town.Db.Connections.OpenAsync())
        {
            // The most repeated names of the town: hundreds share them, so the 100-row limits cut inside ties.
            var common = (await connection.QueryAsync<string>("""
                SELECT FamilyName FROM Residents GROUP BY FamilyName ORDER BY COUNT(*) DESC LIMIT 3
                """)).ToList();
            var most = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Residents WHERE FamilyName = @Name", new { Name = common[0] });
            Assert.True(most >= 200, $"{common[0]}: {most}");
            var districts = DemoTownGenerator.DistrictNames(DemoRegisterFixture.Residents);
            var extra = common.SelectMany(n => new[] { n, $"{n} S45", $"昭和50年生まれの{n}", $"{n} 1960年" })
                .Concat(districts.Take(3)).ToList();
            await CompareAsync(town.Db, index, EdgeQueries.Concat(extra));
            await CompareAsync(town.Db, index, EdgeQueries.Concat(extra), limit: ResidentSearch.MaxLimit);
        }
        Assert.True(index.AnsweredFromIndex > 0);
    }

    [Fact]
    public async Task IndexAndSql_GiveIdenticalResults_ForEachTownsScope_When_TwoTownsHoldTheSameNamesAndNumbers()
    {
        // The demo town's register imported as two towns: every name, number and household twice, so a one-town scope
        // must skip exactly the other town's half inside each look-up's limit.
        await using var db = await CopyOfTownAsync(town);
        var second = (await Dashboard.TownTestData.AddTownsAsync(db.Connections, ("079928", "朝凪村")))[1];
        var imported = await new ResidentImportService(db.Connections, TimeProvider.System)
            .ImportAsync(new MemoryStream(town.Csv), dryRun: false, townId: second.TownId);
        Assert.True(imported.Committed, string.Join("; ", imported.Errors));
        var index = await LoadedIndexAsync(db);
        Assert.Equal(2 * DemoRegisterFixture.Residents, index.Residents);
        var queries = (await QuerySetAsync(people: 120, seed: 19)).Concat(EdgeQueries).ToList();
        var sql = new ResidentSearch(db.Connections);
        var indexed = new ResidentSearch(db.Connections, index: index);
        foreach (var scope in new[] { CallCenter.Data.Towns.TownScope.Only([1]), CallCenter.Data.Towns.TownScope.Only([second.TownId]),
                     CallCenter.Data.Towns.TownScope.Only([1, second.TownId]), CallCenter.Data.Towns.TownScope.All })
        {
            foreach (var query in queries)
            {
                var expected = await sql.SearchAsync(query, scope, ResidentSearch.MaxLimit);
                AssertSame(query, expected, await indexed.SearchAsync(query, scope, ResidentSearch.MaxLimit));
            }
        }
        Assert.True(index.AnsweredFromIndex > queries.Count * 3, $"{index.AnsweredFromIndex} of {queries.Count * 4} from the index");
    }

    private static ServiceProvider Instance(TestDatabase db) =>
        new ServiceCollection().AddCallCenterData(db.Configuration).BuildServiceProvider();

    private static async Task<TestDatabase> CopyOfTownAsync(DemoRegisterFixture town)
    {
        var db = TestDatabase.CreateSqlite();
        db.Migrate();
        var result = await new ResidentImportService(db.Connections, TimeProvider.System).ImportAsync(new MemoryStream(town.Csv), dryRun: false);
        Assert.True(result.Committed);
        return db;
    }

    private static readonly OperatorContext Operator = new(null, "test", "会津若松");

    [Fact]
    public async Task IndexAndSql_StayIdentical_AfterRenameProvisionalPersonMergeAndImport()
    {
        await using var db = await CopyOfTownAsync(town);
        await using var services = Instance(db);
        var index = services.GetRequiredService<SearchIndex>();
        var search = services.GetRequiredService<ResidentSearch>();
        await index.RefreshAsync();
        var sql = new ResidentSearch(db.Connections);
        await using var connection = await db.Connections.OpenAsync();
        var target = await connection.QuerySingleAsync<Sample>(SampleSql, new { ResidentId = 42 });

        // A rename, as an edit of the register would write it (names, readings and keys).
        await connection.ExecuteAsync("""
            UPDATE Residents SET FamilyName = '浪江', FamilyNameKana = 'ナミエ', FamilyNameKey = '浪江', FamilyKanaKey = 'ナミエ',
                   NameKey = '浪江' || GivenNameKey, KanaKey = 'ナミエ' || GivenKanaKey
             WHERE ResidentId = 42
            """);
        // Its own next search sees the rename at once (the stamp moved: SQL answers while the index catches up).
        Assert.Contains(await search.SearchAsync($"なみえ {Hiragana(target.GivenNameKana)}"), h => h.Resident.ResidentId == 42);
        await index.RefreshAsync();
        Assert.Equal(1, index.DeltaRefreshes);
        var before = index.AnsweredFromIndex;
        Assert.Contains(await search.SearchAsync($"なみえ {Hiragana(target.GivenNameKana)}"), h => h.Resident.ResidentId == 42);
        Assert.Equal(before + 1, index.AnsweredFromIndex);
        Assert.DoesNotContain(await search.SearchAsync($"{target.FamilyName}{target.GivenName}"), h => h.Resident.ResidentId == 42);

        // A new provisional person, then its merge into a resident.
        var provisional = services.GetRequiredService<ProvisionalPersonService>();
        var (number, errors) = await provisional.CreateAsync(new ProvisionalPersonDraft("請戸", "来訪", "ウケド", "ライホウ", "1980/1/2",
            Sex.Female, null, null), Operator);
        Assert.Empty(errors);
        await index.RefreshAsync();
        var found = await search.SearchAsync("うけど らいほう");
        var visitor = Assert.Single(found, h => h.Resident.ResidentNo == number);
        Assert.Null(await provisional.MergeAsync(visitor.Resident.ResidentId, 43, Operator));
        await index.RefreshAsync();
        Assert.DoesNotContain(await search.SearchAsync("うけど らいほう"), h => h.Resident.ResidentNo == number);

        // A register import that changes a name and adds people: the same CSV with one name changed and one line more.
        var lines = Encoding.UTF8.GetString(town.Csv).Split('\n').ToList();
        lines[100] = lines[100].Replace(lines[100].Split(',')[3], "双葉 三郎", StringComparison.Ordinal)
            .Replace(lines[100].Split(',')[4], "フタバ サブロウ", StringComparison.Ordinal);
        var result = await services.GetRequiredService<ResidentImportService>()
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))), dryRun: false);
        Assert.True(result.Committed, string.Join("; ", result.Errors));
        await index.RefreshAsync();
        Assert.Contains(await search.SearchAsync("ふたば さぶろう"), h => h.Resident.FamilyName == "双葉");

        // After all of it, the index still answers the mix exactly as SQL does.
        var queries = new[] { "なみえ", "浪江", "うけど", "請戸", "ふたば", "双葉 三郎", target.FamilyName, Hiragana(target.FamilyNameKana), number!, "P1" }
            .Concat(EdgeQueries.Take(30));
        var fromIndex = index.AnsweredFromIndex;
        await CompareAsync(db, index, queries);
        Assert.True(index.AnsweredFromIndex > fromIndex);
        Assert.Equal(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Residents"), index.Residents);
    }

    [Fact]
    public async Task AnotherInstancesChange_IsFoundByTheNextSearch_AndByItsIndexAfterOneRefresh()
    {
        await using var db = await CopyOfTownAsync(town);
        await using var first = Instance(db);
        await using var second = Instance(db);
        var secondIndex = second.GetRequiredService<SearchIndex>();
        var secondSearch = second.GetRequiredService<ResidentSearch>();
        await secondIndex.RefreshAsync();
        Assert.Empty(await secondSearch.SearchAsync("うけど らいほう"));

        var (number, errors) = await first.GetRequiredService<ProvisionalPersonService>().CreateAsync(
            new ProvisionalPersonDraft("請戸", "来訪", "ウケド", "ライホウ", "1980/1/2", Sex.Female, null, null), Operator);
        Assert.Empty(errors);

        // The stated bound: none. The very next search on the other instance finds the person (its index is behind the
        // register stamp, so that search is answered by SQL), without any refresh in between.
        var fromIndex = secondIndex.AnsweredFromIndex;
        Assert.Contains(await secondSearch.SearchAsync("うけど らいほう"), h => h.Resident.ResidentNo == number);
        Assert.Equal(fromIndex, secondIndex.AnsweredFromIndex);

        // One refresh (the background one that search asked for, or this explicit one) applies only that row.
        await secondIndex.RefreshAsync();
        Assert.Equal(1, secondIndex.FullLoads);
        Assert.Contains(await secondSearch.SearchAsync("うけど らいほう"), h => h.Resident.ResidentNo == number);
        Assert.Equal(fromIndex + 1, secondIndex.AnsweredFromIndex);
    }

    // Moves a resident into the town's most common family name (its keys too), so that it sorts inside the largest ties.
    private const string RenameIntoSql = """
        UPDATE Residents
           SET FamilyName = s.FamilyName, FamilyNameKana = s.FamilyNameKana, FamilyNameKey = s.FamilyNameKey,
               FamilyKanaKey = s.FamilyKanaKey, NameKey = s.FamilyNameKey || Residents.GivenNameKey,
               KanaKey = s.FamilyKanaKey || Residents.GivenKanaKey
          FROM (SELECT FamilyName, FamilyNameKana, FamilyNameKey, FamilyKanaKey FROM Residents WHERE ResidentId = @Source) s
         WHERE ResidentId = @ResidentId
        """;

    [Fact]
    public async Task OneChangedResident_IsAddedBesideTheSharedOrders_NotByCopyingThem()
    {
        await using var db = await CopyOfTownAsync(town);
        var index = await LoadedIndexAsync(db);
        var before = index.Current!;
        await using var connection = await db.Connections.OpenAsync();
        await connection.ExecuteAsync("UPDATE Residents SET FamilyName = '浪江', FamilyNameKey = '浪江', NameKey = '浪江' || GivenNameKey WHERE ResidentId = 42");

        await index.RefreshAsync();

        var after = index.Current!;
        Assert.NotSame(before, after);
        Assert.Equal(1, index.DeltaRefreshes);
        Assert.Equal(1, after.Moved);
        // Every order's million-row run is the one the previous view read: the refresh sorted and placed one row.
        foreach (var order in Enum.GetValues<SearchOrder>().Where(o => o != SearchOrder.Phone))
        {
            Assert.Same(before.BaseRun(order), after.BaseRun(order));
        }
        Assert.Equal(DemoRegisterFixture.Residents, index.Residents);
        await CompareAsync(db, index, ["浪江", $"浪江{(await connection.QuerySingleAsync<Sample>(SampleSql, new { ResidentId = 42 })).GivenName}"]);
        Assert.Equal(2, index.AnsweredFromIndex);
    }

    [Fact]
    public async Task ManyRefreshes_AndACompaction_KeepResultsIdenticalToSql()
    {
        await using var db = await CopyOfTownAsync(town);
        await using var services = Instance(db);
        var index = services.GetRequiredService<SearchIndex>();
        await index.RefreshAsync();
        await using var connection = await db.Connections.OpenAsync();
        var common = await connection.QuerySingleAsync<int>("""
            SELECT MIN(ResidentId) FROM Residents
             WHERE FamilyName = (SELECT FamilyName FROM Residents GROUP BY FamilyName ORDER BY COUNT(*) DESC LIMIT 1)
            """);
        var source = await connection.QuerySingleAsync<Sample>(SampleSql, new { ResidentId = common });
        var random = new Random(20110311);
        var touched = new List<int>();
        var originals = new List<Sample>();
        var provisional = services.GetRequiredService<ProvisionalPersonService>();

        // Small refreshes one after another: renames into the largest tie, birth dates moved, a resident changed twice,
        // new provisional persons; each refresh adds to the small runs beside the orders read at load.
        for (var round = 0; round < 12; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                var id = random.Next(1, DemoRegisterFixture.Residents);
                touched.Add(id);
                // Its old names must no longer find it (its old slot is skipped in every order).
                originals.Add(await connection.QuerySingleAsync<Sample>(SampleSql, new { ResidentId = id }));
                await connection.ExecuteAsync(RenameIntoSql, new { Source = common, ResidentId = id });
                await connection.ExecuteAsync("UPDATE Residents SET BirthDate = @Born WHERE ResidentId = @Id",
                    new { Born = new DateOnly(1970, 3, 12).AddDays(random.Next(0, 3)).ToString("yyyy-MM-dd"), Id = touched[random.Next(touched.Count)] });
            }
            if (round % 4 == 0)
            {
                var (_, errors) = await provisional.CreateAsync(new ProvisionalPersonDraft(source.FamilyName, $"来訪{round}",
                    source.FamilyNameKana, "ライホウ", "1970/3/13", Sex.Female, null, null), Operator);
                Assert.Empty(errors);
            }
            await index.RefreshAsync();
        }
        Assert.Equal(12, index.DeltaRefreshes);
        Assert.Equal(0, index.Compactions);
        Assert.True(index.Current!.Moved > 30, $"{index.Current.Moved} moved");

        var queries = new List<string> { source.FamilyName, Hiragana(source.FamilyNameKana), $"{source.FamilyName} 1970/3/12",
            $"{Hiragana(source.FamilyNameKana)} 1970/3/13", "19700312", "19700313", "19700314", $"{source.FamilyName} らいほう",
            $"{Hiragana(source.FamilyNameKana)} らいほう", $"{source.FamilyName}S45", "昭和45年3月" };
        queries.AddRange(originals.Take(20).SelectMany(BenchQueries));
        foreach (var id in touched.Distinct().Take(20))
        {
            var p = await connection.QuerySingleAsync<Sample>(SampleSql, new { ResidentId = id });
            queries.AddRange(BenchQueries(p));
            queries.AddRange(MoreQueries(p));
        }
        await CompareAsync(db, index, queries);
        await CompareAsync(db, index, queries.Take(12), limit: ResidentSearch.MaxLimit);

        // Enough changed residents in one refresh for a compaction: the base orders are rebuilt once, results unchanged.
        await connection.ExecuteAsync("UPDATE Residents SET GivenName = GivenName WHERE ResidentId % 2 = 0");
        await index.RefreshAsync();
        Assert.Equal(13, index.DeltaRefreshes);
        Assert.Equal(1, index.Compactions);
        Assert.Equal(1, index.FullLoads);
        Assert.Equal(0, index.Current!.Moved);
        var fromIndex = index.AnsweredFromIndex;
        await CompareAsync(db, index, queries);
        Assert.True(index.AnsweredFromIndex > fromIndex);
        Assert.Equal(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Residents"), index.Residents);
    }

    [Fact]
    public async Task Results_ShowTheCurrentStatus_When_OnlyTheStatusChanged()
    {
        await using var db = await CopyOfTownAsync(town);
        await using var services = Instance(db);
        var index = services.GetRequiredService<SearchIndex>();
        await index.RefreshAsync();
        await using var connection = await db.Connections.OpenAsync();
        var target = await connection.QuerySingleAsync<Sample>(SampleSql, new { ResidentId = 7 });
        // A call's report changes status and whereabouts only: no register stamp moves, the index stays as it is.
        await connection.ExecuteAsync("UPDATE Residents SET Status = 1, Municipality = '会津若松市', Version = Version + 1 WHERE ResidentId = 7");

        var hit = Assert.Single(await services.GetRequiredService<ResidentSearch>().SearchAsync(target.ResidentNo));

        Assert.Equal(SafetyStatus.Safe, hit.Resident.Status);
        Assert.Equal("会津若松市", hit.Resident.Municipality);
        Assert.Equal(1, index.AnsweredFromIndex);
    }
}
