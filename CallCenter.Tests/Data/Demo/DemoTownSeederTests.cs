using System.Diagnostics;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Settings;
using Dapper;
using Xunit.Abstractions;

namespace CallCenter.Tests.Data.Demo;

/// <summary>Seeds one demo town for all the tests of the class; seeding takes a few seconds.</summary>
public sealed class SeededDemoTown : IAsyncLifetime
{
    // 14:30 in Japan, three weeks after the default disaster date.
    public static readonly DateTimeOffset Now = new(2025, 4, 1, 5, 30, 0, TimeSpan.Zero);

    public DemoSqliteDatabase Database { get; } = new();

    public FixedTimeProvider Time { get; } = new(Now);

    public DemoTownSeeder Seeder { get; private set; } = null!;

    public DemoSeedResult Result { get; private set; } = null!;

    public TimeSpan Elapsed { get; private set; }

    public async Task InitializeAsync()
    {
        Seeder = new DemoTownSeeder(Database.Connections, new ResidentImportService(Database.Connections, Time), Time);
        var watch = Stopwatch.StartNew();
        Result = await Seeder.SeedAsync(new DemoSeedOptions());
        Elapsed = watch.Elapsed;
    }

    public Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}

[Collection(DemoTests.Collection)]
public sealed class DemoTownSeederTests(SeededDemoTown town, ITestOutputHelper output) : IClassFixture<SeededDemoTown>
{
    private async Task<long> Scalar(string sql, object? args = null)
    {
        await using var connection = await town.Database.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    [Fact]
    public async Task SeedAsync_FillsTheRegister_When_DatabaseIsEmpty()
    {
        var r = town.Result;
        output.WriteLine($"{r.Message} in {town.Elapsed.TotalSeconds:F1} s");

        Assert.True(r.Seeded);
        Assert.Equal(new DateOnly(2025, 3, 11), r.DisasterDate);
        Assert.Equal(11_500, r.Residents);
        Assert.Equal(11_500, await Scalar("SELECT COUNT(*) FROM Residents"));
        Assert.InRange(r.Households, 3_700, 4_300);
        Assert.Equal(r.Households, await Scalar("SELECT COUNT(*) FROM Households"));
    }

    [Fact]
    public async Task SeedAsync_RecordsRequests_OfEveryCategory_AboutHalfClosed_WithTheirSteps()
    {
        var households = await Scalar("SELECT COUNT(*) FROM Households");
        var requests = await Scalar("SELECT COUNT(*) FROM Requests");
        output.WriteLine($"{requests} requests for {households} households");

        Assert.InRange(requests, households / 10, households / 6);
        Assert.Equal(12, await Scalar("SELECT COUNT(DISTINCT CategoryId) FROM Requests"));
        Assert.Equal(2, await Scalar("SELECT COUNT(DISTINCT IsUrgent) FROM Requests"));
        Assert.InRange(await Scalar("SELECT COUNT(*) FROM Requests WHERE Status = 3 AND ClosedAt IS NOT NULL"), requests * 35 / 100, requests * 65 / 100);
        Assert.Equal(0, await Scalar("SELECT COUNT(*) FROM Requests WHERE (Status IN (3, 4)) <> (ClosedAt IS NOT NULL)"));
        // Each request's steps run 受付 → 回付 → 対応中 → 完了 as far as it got, its version one less than its steps, its status its last step's.
        Assert.Equal(0, await Scalar("""
            SELECT COUNT(*) FROM Requests q
             WHERE q.Version + 1 <> (SELECT COUNT(*) FROM RequestSteps s WHERE s.RequestId = q.RequestId)
                OR q.Status <> (SELECT MAX(s.Status) FROM RequestSteps s WHERE s.RequestId = q.RequestId)
                OR (SELECT MIN(s.Status) FROM RequestSteps s WHERE s.RequestId = q.RequestId) <> 0
                OR q.UpdatedAt <> (SELECT MAX(s.At) FROM RequestSteps s WHERE s.RequestId = q.RequestId)
            """));
        Assert.Equal(0, await Scalar("SELECT COUNT(*) FROM Requests WHERE CreatedAt < '2025-03-10' OR UpdatedAt > @Now",
            new { Now = SeededDemoTown.Now.UtcDateTime }));
        Assert.Equal(0, await Scalar("""
            SELECT COUNT(*) FROM Requests q JOIN Residents r ON r.ResidentId = q.ResidentId WHERE r.HouseholdId <> q.HouseholdId
            """));
    }

    [Fact]
    public async Task SeedAsync_WritesTalkScriptsAndFaq_EachWithItsCreation_AndOneRetired_ThatTheSearchFinds()
    {
        Assert.InRange(await Scalar("SELECT COUNT(*) FROM TalkScripts WHERE RetiredAt IS NULL"), 8, 12);
        Assert.Equal(2, await Scalar("SELECT COUNT(DISTINCT Kind) FROM TalkScripts"));
        Assert.Equal(1, await Scalar("SELECT COUNT(*) FROM TalkScripts WHERE RetiredAt IS NOT NULL"));
        Assert.Equal(0, await Scalar("""
            SELECT COUNT(*) FROM TalkScripts s
             WHERE s.Version <> (SELECT COUNT(*) FROM TalkScriptRevisions r WHERE r.TalkScriptId = s.TalkScriptId)
                OR s.CategoryId IS NULL
            """));
        var search = new CallCenter.Data.TalkScripts.TalkScriptRepository(town.Database.Connections, TimeProvider.System);
        Assert.Equal("一時帰宅の申込方法", (await search.SearchAsync("いちじきたく"))[0].Title);
        Assert.Equal("罹災証明書の発行", (await search.SearchAsync("罹災証明書"))[0].Title);
    }

    [Fact]
    public async Task SeedAsync_TellsAStory_When_DatabaseIsEmpty()
    {
        var r = town.Result;
        Assert.True(r.Reports >= 2_000, $"{r.Reports} reports");
        Assert.True(r.Calls >= 1_000, $"{r.Calls} calls");
        Assert.Equal(r.Reports, await Scalar("SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(r.Calls, await Scalar("SELECT COUNT(*) FROM Calls"));

        var confirmed = await Scalar("SELECT COUNT(*) FROM Residents WHERE Status <> 0") / (double)r.Residents;
        Assert.InRange(confirmed, 0.50, 0.75);

        // Most residents are safe, a few are missing and very few dead.
        var safe = await Scalar("SELECT COUNT(*) FROM Residents WHERE Status = 1");
        var missing = await Scalar("SELECT COUNT(*) FROM Residents WHERE Status = 4");
        var deceased = await Scalar("SELECT COUNT(*) FROM Residents WHERE Status = 5");
        Assert.True(safe > 0.85 * confirmed * r.Residents);
        Assert.InRange(missing, 1, 150);
        Assert.InRange(deceased, 1, 100);
        Assert.True(await Scalar("SELECT COUNT(*) FROM Residents WHERE Status IN (2, 3)") > 20);

        // Several residents were reported more than once, and whereabouts span prefectures.
        Assert.True(await Scalar("SELECT COUNT(*) FROM (SELECT ResidentId FROM SafetyReports GROUP BY ResidentId HAVING COUNT(*) >= 2) x") >= 200);
        Assert.True(await Scalar("SELECT COUNT(DISTINCT PrefectureCode) FROM SafetyReports") >= 10);
        Assert.True(await Scalar("SELECT COUNT(*) FROM SafetyReports WHERE PrefectureCode = 7") >
                    await Scalar("SELECT COUNT(*) FROM SafetyReports WHERE PrefectureCode <> 7"));
        Assert.True(await Scalar("SELECT COUNT(*) FROM SafetyReports WHERE PrefectureCode = 99") >= 1);
        Assert.True(await Scalar("SELECT COUNT(*) FROM SafetyReports WHERE ConsentRelatives IS NOT NULL") > r.Reports / 2);
        Assert.True(await Scalar("SELECT COUNT(DISTINCT Source) FROM SafetyReports") >= 5);
        Assert.True(await Scalar("SELECT COUNT(*) FROM Calls WHERE OperatorUserId IS NOT NULL") == 0);
        Assert.True(await Scalar("SELECT COUNT(*) FROM Calls WHERE Site NOT IN ('会津若松', 'いわき')") == 0);
        // Household members reported together in one call.
        Assert.True(await Scalar("SELECT COUNT(*) FROM (SELECT CallId FROM SafetyReports WHERE CallId IS NOT NULL GROUP BY CallId HAVING COUNT(*) >= 2) x") >= 300);
    }

    [Fact]
    public async Task SeedAsync_SpreadsReportsOverTheDays_FrontLoaded_UpToToday()
    {
        var disasterUtc = new DateTime(2025, 3, 10, 15, 0, 0, DateTimeKind.Utc); // 2025-03-11 00:00 in Japan
        var todayUtc = new DateTime(2025, 3, 31, 15, 0, 0, DateTimeKind.Utc);   // 2025-04-01 00:00 in Japan
        var total = await Scalar("SELECT COUNT(*) FROM SafetyReports");
        var firstWeek = await Scalar("SELECT COUNT(*) FROM SafetyReports WHERE ReportedAt < @End", new { End = disasterUtc.AddDays(7) });
        var lastWeek = await Scalar("SELECT COUNT(*) FROM SafetyReports WHERE ReportedAt >= @Start", new { Start = todayUtc.AddDays(-6) });
        var today = await Scalar("SELECT COUNT(*) FROM SafetyReports WHERE ReportedAt >= @Start", new { Start = todayUtc });
        Assert.True(firstWeek > total / 2, $"{firstWeek} of {total} in the first week");
        Assert.True(lastWeek < firstWeek / 3, $"{lastWeek} in the last week");
        Assert.InRange(today, 1, total / 20);
        Assert.Equal(0, await Scalar("SELECT COUNT(*) FROM SafetyReports WHERE ReportedAt < @Start OR ReportedAt > @Now OR RecordedAt > @Now",
            new { Start = disasterUtc, Now = SeededDemoTown.Now.UtcDateTime }));
        Assert.Equal(0, await Scalar("SELECT COUNT(*) FROM Calls WHERE StartedAt > @Now", new { Now = SeededDemoTown.Now.UtcDateTime }));
    }

    [Fact]
    public async Task CurrentStatus_EqualsNewestReport_For_EveryResident()
    {
        const string Sql = """
            SELECT COUNT(*)
              FROM Residents r
             WHERE r.Status <> COALESCE((SELECT s.Status
                                           FROM SafetyReports s
                                          WHERE s.ResidentId = r.ResidentId
                                       ORDER BY s.ReportedAt DESC, s.ReportId DESC
                                          LIMIT 1), 0)
                OR COALESCE(r.StatusReportId, 0) <> COALESCE((SELECT s.ReportId
                                           FROM SafetyReports s
                                          WHERE s.ResidentId = r.ResidentId
                                       ORDER BY s.ReportedAt DESC, s.ReportId DESC
                                          LIMIT 1), 0)
            """;
        Assert.Equal(0, await Scalar(Sql));
    }

    [Fact]
    public async Task SeedAsync_StoresShelters_And_DisasterDate()
    {
        Assert.InRange(await Scalar("SELECT COUNT(*) FROM Facilities WHERE Kind = 1"), 18, 25);
        Assert.True(await Scalar("SELECT COUNT(*) FROM Facilities WHERE Name = 'ビッグパレットふくしま' AND PrefectureCode = 7") == 1);
        var settings = new SettingsRepository(town.Database.Connections);
        Assert.Equal("2025-03-11", await settings.GetAsync(SettingsRepository.DisasterDate));
    }

    [Fact]
    public async Task SeedAsync_DoesNothing_When_ResidentsExist()
    {
        var reports = await Scalar("SELECT COUNT(*) FROM SafetyReports");

        var again = await town.Seeder.SeedAsync(new DemoSeedOptions(Residents: 100, Seed: 1));

        Assert.False(again.Seeded);
        Assert.Contains("既に", again.Message);
        Assert.Equal(11_500, await Scalar("SELECT COUNT(*) FROM Residents"));
        Assert.Equal(reports, await Scalar("SELECT COUNT(*) FROM SafetyReports"));
    }
    [Fact]
    public async Task SeededCalls_NameTheirResidents_CarryAWrapUpCode_AndLastMinutesToTheSecond()
    {
        // Every call is about someone: the calls export's 対象者 and the resident pages' call lists are filled.
        Assert.Equal(0, await Scalar("SELECT COUNT(*) FROM Calls c WHERE NOT EXISTS (SELECT 1 FROM CallResidents cr WHERE cr.CallId = c.CallId)"));
        // A call that produced reports names exactly the persons it reported on.
        Assert.Equal(0, await Scalar("""
            SELECT COUNT(*) FROM SafetyReports s
             WHERE s.CallId IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM CallResidents cr WHERE cr.CallId = s.CallId AND cr.ResidentId = s.ResidentId)
            """));
        Assert.Equal(0, await Scalar("SELECT COUNT(*) FROM Calls WHERE WrapUpCodeId IS NULL"));
        var labels = (await QueryAsync<string>("SELECT DISTINCT w.Label FROM Calls c JOIN WrapUpCodes w ON w.WrapUpCodeId = c.WrapUpCodeId")).ToHashSet();
        Assert.Superset(labels, new HashSet<string> { "安否報告", "照会", "所在変更" });
        // Durations of a few minutes, and not all whole minutes.
        var seconds = (await QueryAsync<double>("SELECT (julianday(EndedAt) - julianday(StartedAt)) * 86400.0 FROM Calls")).Select(s => (int)Math.Round(s)).ToList();
        Assert.All(seconds, s => Assert.InRange(s, 60, 20 * 60));
        Assert.True(seconds.Count(s => s % 60 != 0) > seconds.Count / 2, "most calls end between minutes");
    }

    [Fact]
    public async Task CallsExport_ShowsWhoEachSeededCallWasAbout()
    {
        using var output = new MemoryStream();
        var result = await new CallCenter.Data.Exports.ExportService(town.Database.Connections).CallsAsync(output,
            town.Result.DisasterDate, new DateOnly(2025, 4, 1), new CallCenter.Data.Exports.ExportOptions());
        var reader = new CsvRecordReader(new StringReader(System.Text.Encoding.UTF8.GetString(output.ToArray()[3..])));
        var header = reader.Read()!;
        var (about, wrapUp) = (header.IndexOf("対象者"), header.IndexOf("要件"));
        var rows = new List<List<string>>();
        while (reader.Read() is { } row)
        {
            rows.Add(row);
        }

        Assert.Equal(town.Result.Calls, result.Rows);
        Assert.Equal(result.Rows, rows.Count);
        Assert.All(rows, r => Assert.Matches("^[0-9]{7}( [0-9]{7})*$", r[about]));
        Assert.All(rows, r => Assert.NotEqual("", r[wrapUp]));
    }

    private async Task<IEnumerable<T>> QueryAsync<T>(string sql)
    {
        await using var connection = await town.Database.Connections.OpenAsync();
        return await connection.QueryAsync<T>(sql);
    }
}
