using System.Text.Json;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Dashboard;

/// <summary>
/// The summaries behind the dashboard (ResidentCounts, DailyConfirmations, CallHours, OperatorDays, RegisterTotals) against
/// a fresh GROUP BY over the base tables, on a demo town with weeks of realistic activity (calls by operators at two
/// sites, reports front-loaded after the disaster, movers, the missing found) plus calls saved today through the
/// product: every figure of every filter must be the same. SQLite only: the recount uses SQLite's date functions.
/// </summary>
public sealed class DashboardSummariesTests : DatabaseTests<OnSqlite>
{
    // 15:30 in Japan, 21 days after the demo's disaster date.
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 4, 1, 6, 30, 0, TimeSpan.Zero));

    private const string BucketsSql = """
        SELECT COALESCE(District, '') AS District, Status, IsVulnerable, COALESCE(WhereaboutsType, -1) AS WhereaboutsType,
               COALESCE(PrefectureCode, -1) AS PrefectureCode, COUNT(*) AS Residents, TownId
          FROM Residents
         WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
         GROUP BY 1, 2, 3, 4, 5, 7
        """;

    private const string DailySql = """
        SELECT date(FirstConfirmedAt, '+9 hours') AS Day, COALESCE(District, '') AS District, IsVulnerable, COUNT(*) AS Residents
          FROM Residents
         WHERE FirstConfirmedAt IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
         GROUP BY 1, 2, 3
        """;

    private const string PendingSql = """
        SELECT COALESCE(District, '') AS District, IsVulnerable, PendingStatus AS Status, COUNT(*) AS Residents
          FROM Residents
         WHERE PendingStatus > 0 AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
         GROUP BY 1, 2, 3
        """;

    private const string HoursSql = """
        SELECT CAST(strftime('%H', StartedAt, '+9 hours') AS INTEGER) AS Hour, COUNT(*) AS Calls
          FROM Calls
         WHERE StartedAt >= @TodayUtc AND (@Site IS NULL OR Site = @Site)
         GROUP BY 1
        """;

    private const string PerOperatorSql = """
        SELECT OperatorUserId AS UserId, COUNT(*) AS Calls, 0 AS Confirmations
          FROM Calls
         WHERE StartedAt >= @FromUtc AND StartedAt < @ToUtc AND (@Site IS NULL OR Site = @Site)
         GROUP BY OperatorUserId
        UNION ALL
        SELECT r.OperatorUserId, 0, COUNT(*)
          FROM SafetyReports r
          JOIN Calls c ON c.CallId = r.CallId
         WHERE r.RecordedAt >= @FromUtc AND r.RecordedAt < @ToUtc AND r.Status <> 0 AND (@Site IS NULL OR c.Site = @Site)
         GROUP BY r.OperatorUserId
        """;

    private DashboardRepository Dashboard => new(Connections, new SettingsRepository(Connections), Clock);

    /// <summary>The dashboard's figures for a filter by GROUP BY over Residents, Calls and SafetyReports, shaped as the product shapes them.</summary>
    private async Task<DashboardSnapshot> RecountAsync(DashboardFilter filter, DateTime now)
    {
        var today = JapanTime.Today(Clock);
        var disaster = DateOnly.ParseExact((await new SettingsRepository(Connections).GetAsync(SettingsRepository.DisasterDate))!, "yyyy-MM-dd");
        var period = DashboardPeriod.Of(filter, today, disaster);
        await using var connection = await Connections.OpenAsync();
        var figures = new DashboardFigures
        {
            Buckets = (await connection.QueryAsync<ResidentBucket>(BucketsSql)).AsList(),
            Daily = (await connection.QueryAsync<DailyBucket>(DailySql)).AsList(),
            Provisional = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Residents WHERE IsProvisional = 1 AND MergedIntoResidentId IS NULL"),
            Pending = (await connection.QueryAsync<PendingBucket>(PendingSql)).AsList(),
            CallsPerHourToday = (await connection.QueryAsync<(long Hour, long Calls)>(HoursSql, new { period.TodayUtc, period.Site }))
                .Select(h => new HourlyCalls((int)h.Hour, (int)h.Calls)).ToList(),
            OperatorsActive = await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(DISTINCT UserId) FROM UserSessions WHERE EndedAt IS NULL AND LastSeenAt >= @Since AND (@Site IS NULL OR Site = @Site)",
                new { Since = now - DashboardRepository.ActiveWindow, period.Site }),
            PerOperator = (await connection.QueryAsync<OperatorTotals>(PerOperatorSql, new { period.FromUtc, period.ToUtc, period.Site })).AsList(),
            OperatorNames = (await connection.QueryAsync<(long UserId, string DisplayName)>("SELECT UserId, DisplayName FROM Users"))
                .ToDictionary(u => (int)u.UserId, u => u.DisplayName),
        };
        return DashboardRepository.Compose(filter, now, disaster, period, figures);
    }

    private async Task<DemoSeedResult> SeedTownWithActivityAsync()
    {
        Clock.Now = new DateTimeOffset(2026, 4, 1, 6, 30, 0, TimeSpan.Zero);
        var users = new UserRepository(Connections, Clock);
        var aizu = (await users.CreateAsync("aizu1", "会津 一郎", UserRole.Operator, "会津若松", "x"))!.Value;
        var iwaki = (await users.CreateAsync("iwaki1", "岩城 花子", UserRole.Operator, "いわき", "x"))!.Value;
        await users.CreateAsync("super1", "監督 進", UserRole.Supervisor, "いわき", "x");
        var seeded = await new DemoTownSeeder(Connections, new ResidentImportService(Connections, Clock), Clock)
            .SeedAsync(new DemoSeedOptions(Residents: 1500));
        Assert.True(seeded.Seeded, seeded.Message);
        // Today's calls through the product, at both sites, one of them about two people and one still 未確認.
        var service = new CallRecordingService(Connections, Clock);
        string[] residents;
        await using (var connection = await Connections.OpenAsync())
        {
            residents = [.. await connection.QueryAsync<string>("SELECT ResidentNo FROM Residents ORDER BY ResidentId LIMIT 4 OFFSET 100")];
        }
        var calls = new (int UserId, string Site, string[] Numbers, SafetyStatus Status, int Hour)[]
        {
            (aizu, "会津若松", [residents[0], residents[1]], SafetyStatus.Safe, 9),
            (iwaki, "いわき", [residents[2]], SafetyStatus.Injured, 11),
            (iwaki, "いわき", [residents[3]], SafetyStatus.Unconfirmed, 14),
        };
        foreach (var (userId, site, numbers, status, hour) in calls)
        {
            Clock.Now = new DateTimeOffset(2026, 4, 1, hour - 9, 5, 0, TimeSpan.Zero);
            var reports = new List<PersonReportDraft>();
            foreach (var no in numbers)
            {
                reports.Add(CallTestData.Report(await CallTestData.ResidentAsync(Connections, no), status));
            }
            var saved = await service.SaveAsync(CallTestData.Draft([.. reports]), new OperatorContext(userId, "op", site));
            Assert.True(saved.Saved, string.Join("; ", saved.Errors.Select(e => e.Message)));
        }
        Clock.Now = new DateTimeOffset(2026, 4, 1, 6, 30, 0, TimeSpan.Zero);
        return seeded;
    }

    [Fact]
    public async Task EveryFigure_EqualsAFreshGroupBy_OverATownWithWeeksOfCalls()
    {
        var seeded = await SeedTownWithActivityAsync();
        var all = await Dashboard.LoadAsync(new DashboardFilter());
        // Real volume, not an empty dashboard that trivially agrees.
        Assert.True(seeded.Calls > 300 && seeded.Reports > 600, seeded.Message);
        Assert.True(all.Headline.CallsToday >= 3, $"calls today: {all.Headline.CallsToday}");
        Assert.True(all.PerOperator.Count >= 3 && all.PerOperator.Sum(o => o.Confirmations) > 100);
        Assert.True(all.Headline.Confirmed > 500);

        var from = new DateOnly(2026, 3, 20);
        DashboardFilter[] filters =
        [
            new(), new(District: all.Districts[0]), new(District: all.Districts[^1], VulnerableOnly: true), new(VulnerableOnly: true),
            new(Site: "いわき"), new(Site: "会津若松", From: from), new(From: from, To: from.AddDays(3)), new(To: from),
        ];
        foreach (var filter in filters)
        {
            var product = await Dashboard.LoadAsync(filter);
            var recount = await RecountAsync(filter, product.AsOfUtc);
            Assert.Equal(JsonSerializer.Serialize(recount), JsonSerializer.Serialize(product));
        }
    }

    [Fact]
    public async Task Summaries_FollowLaterCalls_AndAreRebuiltFromTheCalls_WhenMigrated()
    {
        await SeedTownWithActivityAsync();
        var before = await Dashboard.LoadAsync(new DashboardFilter(Site: "会津若松"));
        var aizu = new OperatorContext((await new UserRepository(Connections, Clock).FindByNameAsync("aizu1"))!.UserId, "aizu1", "会津若松");
        Clock.Now = new DateTimeOffset(2026, 4, 1, 6, 40, 0, TimeSpan.Zero); // 15:40 in Japan
        var saved = await new CallRecordingService(Connections, Clock).SaveAsync(
            CallTestData.Draft(CallTestData.Report(await CallTestData.ResidentAsync(Connections, await FirstResidentNoAsync()), SafetyStatus.Hospitalized)), aizu);
        Assert.True(saved.Saved);

        var after = await Dashboard.LoadAsync(new DashboardFilter(Site: "会津若松"));

        Assert.Equal(before.Headline.CallsToday + 1, after.Headline.CallsToday);
        Assert.Equal(before.CallsPerHourToday[15].Calls + 1, after.CallsPerHourToday[15].Calls);
        var mine = (Before: before.PerOperator.Single(o => o.UserId == aizu.UserId), After: after.PerOperator.Single(o => o.UserId == aizu.UserId));
        Assert.Equal((mine.Before.Calls + 1, mine.Before.Confirmations + 1), (mine.After.Calls, mine.After.Confirmations));
        Assert.Equal(JsonSerializer.Serialize(await RecountAsync(new DashboardFilter(Site: "会津若松"), after.AsOfUtc)), JsonSerializer.Serialize(after));

        // The migration's backfill (for a database that had calls before 0012) gives the same summaries as the triggers.
        var kept = await SummaryRowsAsync();
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM CallHours; DELETE FROM OperatorDays;");
            var script = await File.ReadAllTextAsync(Path.Combine(SqlServer.SqlServerSources.ScriptFolder("sqlite"), "0012_add_call_summaries.sql"));
            var backfill = script[script.IndexOf("-- Existing data", StringComparison.Ordinal)..script.IndexOf("INSERT INTO RegisterTotals", StringComparison.Ordinal)];
            await connection.ExecuteAsync(backfill);
        }
        Assert.Equal(kept, await SummaryRowsAsync());
    }

    private async Task<string> FirstResidentNoAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT ResidentNo FROM Residents ORDER BY ResidentId LIMIT 1") ?? "";
    }

    private async Task<string> SummaryRowsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        var hours = await connection.QueryAsync<(string, string, long, long)>("SELECT Day, Site, Hour, Calls FROM CallHours WHERE Calls <> 0 ORDER BY 1, 2, 3");
        var days = await connection.QueryAsync<(string, long, string, long, long)>(
            "SELECT Day, OperatorUserId, Site, Calls, Confirmations FROM OperatorDays ORDER BY 1, 2, 3");
        return JsonSerializer.Serialize(new { hours, days });
    }

    // The roll-ups of db/sqlite/0014 as they are read, and as a fresh GROUP BY over the register gives them.
    private const string RollupsSql = """
        SELECT 'R' || TownId, '', Status, IsVulnerable, WhereaboutsType, PrefectureCode, '', Residents FROM RegisterCounts WHERE Residents <> 0
        UNION ALL
        SELECT 'D' || TownId, District, Status, IsVulnerable, -2, -2, '', Residents FROM DistrictStatusCounts WHERE Residents <> 0
        UNION ALL
        SELECT 'C' || TownId, '', -2, IsVulnerable, -2, -2, Day, Residents FROM RegisterDailyConfirmations WHERE Residents <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7
        """;

    private const string RollupsRecountSql = """
        SELECT 'R' || TownId, '', Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1), '', COUNT(*)
          FROM Residents WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
         GROUP BY TownId, Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1)
        UNION ALL
        SELECT 'D' || TownId, COALESCE(District, ''), Status, IsVulnerable, -2, -2, '', COUNT(*)
          FROM Residents WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
         GROUP BY TownId, COALESCE(District, ''), Status, IsVulnerable
        UNION ALL
        SELECT 'C' || TownId, '', -2, IsVulnerable, -2, -2, date(FirstConfirmedAt, '+9 hours'), COUNT(*)
          FROM Residents WHERE FirstConfirmedAt IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
         GROUP BY TownId, IsVulnerable, date(FirstConfirmedAt, '+9 hours')
        ORDER BY 1, 2, 3, 4, 5, 6, 7
        """;

    private async Task<(string Kept, string Recounted)> RollupsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        var kept = await connection.QueryAsync<(string, string, long, long, long, long, string, long)>(RollupsSql);
        var recounted = await connection.QueryAsync<(string, string, long, long, long, long, string, long)>(RollupsRecountSql);
        static string Text(IEnumerable<(string, string, long, long, long, long, string, long)> rows) => string.Join("\n", rows.Select(r => r.ToString()));
        return (Text(kept), Text(recounted));
    }

    [Fact]
    public async Task Rollups_EqualAFreshGroupBy_AfterCallsMovesMergesDeletesAndAReimport()
    {
        await SeedTownWithActivityAsync();
        var (seeded, seededRecount) = await RollupsAsync();
        Assert.Equal(seededRecount, seeded);
        Assert.Contains("(C1, ", seeded, StringComparison.Ordinal); // days of confirmations, not an empty roll-up that trivially agrees

        // Changes behind the product's back, each through the triggers: moves, a vulnerability flag, a status and its
        // first confirmation, residents turned provisional and some back, a merge.
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("""
                UPDATE Residents SET District = '新しい区', IsVulnerable = 1 - IsVulnerable WHERE ResidentId % 7 = 0;
                UPDATE Residents SET Status = 1, FirstConfirmedAt = '2026-03-25T01:00:00.000' WHERE ResidentId % 11 = 0 AND Status = 0;
                UPDATE Residents SET WhereaboutsType = 3, PrefectureCode = 13 WHERE ResidentId % 13 = 0;
                UPDATE Residents SET IsProvisional = 1 WHERE ResidentId % 17 = 0;
                UPDATE Residents SET IsProvisional = 0 WHERE ResidentId % 34 = 0;
                UPDATE Residents SET MergedIntoResidentId = 1 WHERE ResidentId IN (SELECT ResidentId FROM Residents WHERE ResidentId > 1 AND Status <> 0 ORDER BY ResidentId LIMIT 3);
                """);
        }
        var (changed, changedRecount) = await RollupsAsync();
        Assert.Equal(changedRecount, changed);
        Assert.NotEqual(seeded, changed);

        // A register import that adds residents rebuilds the roll-ups with the counts.
        await CallTestData.ImportAsync(Connections, """
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            Z1,HZ1,世帯主,浜田 一郎,ハマダ イチロウ,1940/1/1,男,浜区,,
            Z2,HZ1,妻,浜田 花子,ハマダ ハナコ,1942/2/2,女,浜区,,
            """);
        var (imported, importedRecount) = await RollupsAsync();
        Assert.Equal(importedRecount, imported);
        Assert.Contains("浜区", imported, StringComparison.Ordinal);

        // A confirmed resident deleted (one with no reports or calls yet: the register's own correction).
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("""
                UPDATE Residents SET Status = 2, FirstConfirmedAt = '2026-03-30T02:00:00.000', WhereaboutsType = 1, PrefectureCode = 7 WHERE ResidentNo = 'Z2';
                DELETE FROM Residents WHERE ResidentNo = 'Z2';
                """);
        }
        var (deleted, deletedRecount) = await RollupsAsync();
        Assert.Equal(deletedRecount, deleted);

        // The dashboard read from the roll-ups still equals the recount of every figure.
        foreach (var filter in new DashboardFilter[] { new(), new(VulnerableOnly: true), new(District: "新しい区"), new(District: "浜区", VulnerableOnly: true) })
        {
            var product = await Dashboard.LoadAsync(filter);
            Assert.Equal(JsonSerializer.Serialize(await RecountAsync(filter, product.AsOfUtc)), JsonSerializer.Serialize(product));
        }
    }

    [Fact]
    public async Task Rollups_AreRebuiltFromTheSummaries_WhenMigrated()
    {
        await SeedTownWithActivityAsync();
        var (kept, _) = await RollupsAsync();

        await using (var connection = await Connections.OpenAsync())
        {
            // 0026 counts every resident summary again by town (it supersedes 0014's backfill).
            await connection.ExecuteAsync("""
                DELETE FROM ResidentCounts; DELETE FROM DailyConfirmations; DELETE FROM RegisterCounts; DELETE FROM DistrictStatusCounts;
                DELETE FROM RegisterDailyConfirmations; DELETE FROM TownTotals; DELETE FROM IntentionGroupCounts;
                """);
            var script = await File.ReadAllTextAsync(Path.Combine(SqlServer.SqlServerSources.ScriptFolder("sqlite"), "0026_summaries_by_town.sql"));
            await connection.ExecuteAsync(script[script.IndexOf("-- Existing data", StringComparison.Ordinal)..]);
        }

        Assert.Equal(kept, (await RollupsAsync()).Kept);
    }

    [Fact]
    public async Task OneDistrict_ReadsItsOwnRange_AndAnUnknownDistrictShowsNothing()
    {
        var seeded = await SeedTownWithActivityAsync();
        var all = await Dashboard.LoadAsync(new DashboardFilter());
        Assert.True(seeded.Seeded);

        var perDistrict = new List<DashboardSnapshot>();
        foreach (var district in all.Districts)
        {
            perDistrict.Add(await Dashboard.LoadAsync(new DashboardFilter(District: district)));
        }
        var unknown = await Dashboard.LoadAsync(new DashboardFilter(District: "どこにもない区"));

        // The districts' own figures add up to the town's (residents with no district aside), and every district
        // still lists all the districts to choose from.
        var withoutDistrict = all.StatusByDistrict.Where(d => d.District.Length == 0).Sum(d => d.Residents);
        Assert.Equal(all.Headline.Residents - withoutDistrict, perDistrict.Sum(s => s.Headline.Residents));
        Assert.Equal(all.Headline.Confirmed - all.StatusByDistrict.Where(d => d.District.Length == 0 && d.Status != SafetyStatus.Unconfirmed).Sum(d => d.Residents),
            perDistrict.Sum(s => s.Headline.Confirmed));
        Assert.All(perDistrict, s => Assert.Equal(all.Districts, s.Districts));
        Assert.All(perDistrict, s => Assert.All(s.StatusByDistrict, d => Assert.Equal(s.Filter.District, d.District)));
        Assert.Equal(0, unknown.Headline.Residents);
        Assert.Empty(unknown.StatusByDistrict);
        Assert.All(unknown.Cumulative, d => Assert.Equal(0, d.Cumulative));
        Assert.Equal(all.Districts, unknown.Districts);
    }

    [Fact]
    public async Task HouseholdTotal_IsTheImportsCount_NotACountOnEveryRead()
    {
        await CallTestData.ImportAsync(Connections, """
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            A,H1,世帯主,浜田 一郎,ハマダ イチロウ,1940/1/1,男,浜区,,
            B,H1,妻,浜田 花子,ハマダ ハナコ,1942/2/2,女,浜区,,
            C,H2,世帯主,山田 進,ヤマダ ススム,1950/3/3,男,浜区,,
            """);
        Assert.Equal(new TownCounts(3, 2, 0), await new ResidentRepository(Connections).CountsAsync());

        // A household written behind the import's back is not counted: the total is read from the summary, which the
        // import (the only writer of households) rebuilds.
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO Households (HouseholdNo, CreatedAt, UpdatedAt, TownId) VALUES ('X9', @Now, @Now, 1)", new { Now = DateTime.UtcNow });
        }
        Assert.Equal(2, (await new ResidentRepository(Connections).CountsAsync()).Households);

        await CallTestData.ImportAsync(Connections, """
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            D,H3,世帯主,川村 キヨ,カワムラ キヨ,1930/4/4,女,山区,,
            """);
        Assert.Equal(new TownCounts(4, 4, 0), await new ResidentRepository(Connections).CountsAsync());
    }
}
