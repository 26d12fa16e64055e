using System.Text.Json;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Reports;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Dashboard;

/// <summary>
/// The dashboard per town (issue 19): two towns whose registers use the same resident and household numbers, changed at
/// random through the product (imports, reports, moves), and every resident figure of one town, of the other and of both
/// equals a fresh GROUP BY over that town's residents. SQLite only: the recount uses SQLite's date functions.
/// </summary>
public sealed class DashboardTownTests : DatabaseTests<OnSqlite>
{
    private static readonly string[] DistrictsA = ["浜区", "山区", "川区"];
    private static readonly string[] DistrictsB = ["浜区", "野上", "大川原"];

    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 20, 3, 0, 0, TimeSpan.Zero));

    private DashboardRepository Dashboard => new(Connections, new SettingsRepository(Connections), clock);

    private const string BucketsSql = """
        SELECT TownId, COALESCE(District, '') AS District, Status, IsVulnerable, COALESCE(WhereaboutsType, -1) AS WhereaboutsType,
               COALESCE(PrefectureCode, -1) AS PrefectureCode, COUNT(*) AS Residents
          FROM Residents
         WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL AND TownId IN @TownIds
         GROUP BY 1, 2, 3, 4, 5, 6
        """;

    private const string DailySql = """
        SELECT date(FirstConfirmedAt, '+9 hours') AS Day, COALESCE(District, '') AS District, IsVulnerable, COUNT(*) AS Residents
          FROM Residents
         WHERE FirstConfirmedAt IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL AND TownId IN @TownIds
         GROUP BY 1, 2, 3
        """;

    private const string PendingSql = """
        SELECT COALESCE(District, '') AS District, IsVulnerable, PendingStatus AS Status, COUNT(*) AS Residents
          FROM Residents
         WHERE PendingStatus > 0 AND IsProvisional = 0 AND MergedIntoResidentId IS NULL AND TownId IN @TownIds
         GROUP BY 1, 2, 3
        """;

    /// <summary>The resident figures of a filter over some towns, by GROUP BY over their residents, shaped as the product shapes them.</summary>
    private async Task<string> FreshAsync(DashboardFilter filter, int[] townIds, DashboardSnapshot product)
    {
        var today = JapanTime.Today(clock);
        var period = DashboardPeriod.Of(filter, today, product.DisasterDate);
        var args = new { TownIds = townIds };
        await using var connection = await Connections.OpenAsync();
        var figures = new DashboardFigures
        {
            Buckets = (await connection.QueryAsync<ResidentBucket>(BucketsSql, args)).AsList(),
            Daily = (await connection.QueryAsync<DailyBucket>(DailySql, args)).AsList(),
            Provisional = await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM Residents WHERE IsProvisional = 1 AND MergedIntoResidentId IS NULL AND TownId IN @TownIds", args),
            Pending = (await connection.QueryAsync<PendingBucket>(PendingSql, args)).AsList(),
            // Calls and operators are the center's, not a town's: taken from the product as they are.
            CallsPerHourToday = product.CallsPerHourToday,
            OperatorsActive = product.Headline.OperatorsActive,
            PerOperator = [.. product.PerOperator.Select(o => new OperatorTotals { UserId = o.UserId, Calls = o.Calls, Confirmations = o.Confirmations })],
            OperatorNames = product.PerOperator.Where(o => o.UserId is not null).ToDictionary(o => o.UserId!.Value, o => o.Operator),
        };
        return Residents(DashboardRepository.Compose(filter, product.AsOfUtc, product.DisasterDate, period, figures));
    }

    private static string Residents(DashboardSnapshot s) => JsonSerializer.Serialize(new
    {
        s.Headline.Residents, s.Headline.Confirmed, s.Headline.Safe, s.Headline.Injured, s.Headline.Hospitalized, s.Headline.Missing,
        s.Headline.Deceased, s.Headline.UnconfirmedVulnerable, s.Headline.ProvisionalAwaitingReview, s.Headline.PendingApproval,
        s.Cumulative, s.StatusByDistrict, s.ByPrefecture, s.ByWhereaboutsType, s.Districts, s.ByTown,
    });

    private async Task<(int Id, int Version)> ResidentAsync(string residentNo, int townId)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.QuerySingleAsync<(int, int)>(
            "SELECT ResidentId, Version FROM Residents WHERE ResidentNo = @ResidentNo AND TownId = @TownId", new { ResidentNo = residentNo, TownId = townId });
    }

    private async Task<int> CountAsync(string sql, object? args = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql, args);
    }

    [Fact]
    public async Task EveryResidentFigure_PerTownAndTogether_EqualsAFreshGroupBy_When_TwoTownsWithTheSameNumbersChangeAtRandom()
    {
        var random = new Random(19);
        var towns = await TownTestData.AddTownsAsync(Connections, ("075451", "大熊町"));
        var (a, b) = (towns[0].TownId, towns[1].TownId);
        var registerB = TownTestData.Register(random, 40, DistrictsB, "大熊");
        await TownTestData.ImportAsync(Connections, clock, TownTestData.Register(random, 40, DistrictsA, "汐見"), a);
        await TownTestData.ImportAsync(Connections, clock, registerB, b);
        // The same numbers in both towns are two different people.
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM Residents WHERE ResidentNo = '0000001'"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM Households WHERE HouseholdNo = 'H0001'"));

        var staff = await CallTestData.StaffAsync(Connections, clock, "op1", "大熊 一郎", UserRole.Operator, "いわき");
        var calls = new CallRecordingService(Connections, clock);
        var perTown = new[] { a, b }.ToDictionary(t => t, t => 0);
        foreach (var (town, count) in new[] { (a, 0), (b, 0) })
        {
            perTown[town] = await CountAsync("SELECT COUNT(*) FROM Residents WHERE TownId = @Town", new { Town = town });
        }
        for (var step = 0; step < 60; step++)
        {
            // Reports (and moves: a new report is new whereabouts) for people of either town, days apart.
            clock.Now = clock.Now.AddHours(random.Next(1, 20));
            var town = random.Next(2) == 0 ? a : b;
            var (id, version) = await ResidentAsync($"{random.Next(1, perTown[town] + 1):0000000}", town);
            var status = (SafetyStatus)random.Next(0, 4);
            var known = status != SafetyStatus.Unconfirmed;
            var report = new PersonReportDraft(id, version, status, ReportSource.Family,
                known ? (WhereaboutsType)random.Next(1, 6) : null, known ? (byte)random.Next(1, 48) : null,
                known ? "会津若松市" : null, known ? "避難所" : null, "090-1234-5678", new Consent(true, null, false), "テスト");
            var saved = await calls.SaveAsync(CallTestData.Draft(report), staff);
            Assert.True(saved.Saved, string.Join("; ", saved.Errors.Select(e => e.Message)));
            if (step == 30)
            {
                // A re-import of one town moves people between districts; the other town's people with the same numbers stay.
                await TownTestData.ImportAsync(Connections, clock, registerB.Replace(",野上,", ",山区,", StringComparison.Ordinal), b);
            }
        }

        var filters = new[]
        {
            new DashboardFilter(), new DashboardFilter(District: "浜区"), new DashboardFilter(District: "山区"),
            new DashboardFilter(VulnerableOnly: true), new DashboardFilter(From: new DateOnly(2026, 3, 22)),
        };
        foreach (var scope in new[] { new[] { a }, [b], [a, b] })
        {
            foreach (var filter in filters)
            {
                var product = await Dashboard.LoadAsync(filter, TownScope.Only(scope));
                Assert.Equal(await FreshAsync(filter, scope, product), Residents(product));
            }
        }
        // All towns reads the same figures as both towns named; each town's row of the comparison is its own figures.
        var all = await Dashboard.LoadAsync(new DashboardFilter(), TownScope.All);
        Assert.Equal(Residents(await Dashboard.LoadAsync(new DashboardFilter(), TownScope.Only([a, b]))), Residents(all));
        Assert.Equal([a, b], all.ByTown.Select(t => t.TownId));
        foreach (var row in all.ByTown)
        {
            var alone = (await Dashboard.LoadAsync(new DashboardFilter(), TownScope.Only([row.TownId]))).Headline;
            Assert.Equal((alone.Residents, alone.Confirmed, alone.Unconfirmed, alone.UnconfirmedVulnerable),
                (row.Residents, row.Confirmed, row.Unconfirmed, row.UnconfirmedVulnerable));
        }
        Assert.Equal(perTown[a] + perTown[b], all.Headline.Residents);
        Assert.True(all.ByTown.All(t => t.Confirmed > 0), "both towns have confirmations");
    }

    [Fact]
    public async Task StartCounts_AreTheScopesTowns_And_ResidentList_ShowsOnlyTheScopesPeople()
    {
        var random = new Random(7);
        var towns = await TownTestData.AddTownsAsync(Connections, ("075451", "大熊町"));
        var (a, b) = (towns[0].TownId, towns[1].TownId);
        await TownTestData.ImportAsync(Connections, clock, TownTestData.Register(random, 10, DistrictsA, "汐見"), a);
        await TownTestData.ImportAsync(Connections, clock, TownTestData.Register(random, 7, DistrictsB, "大熊"), b);
        var residentsA = await CountAsync("SELECT COUNT(*) FROM Residents WHERE TownId = @A", new { A = a });
        var residentsB = await CountAsync("SELECT COUNT(*) FROM Residents WHERE TownId = @B", new { B = b });

        Assert.Equal((residentsA, 10), Pair(await Dashboard.StartCountsAsync(TownScope.Only([a]))));
        Assert.Equal((residentsB, 7), Pair(await Dashboard.StartCountsAsync(TownScope.Only([b]))));
        Assert.Equal((residentsA + residentsB, 17), Pair(await Dashboard.StartCountsAsync(TownScope.All)));
        Assert.Equal((0, 0), Pair(await Dashboard.StartCountsAsync(TownScope.Only([]))));

        var onlyB = await Dashboard.ListAsync(new ResidentListFilter(), TownScope.Only([b]), ResidentListSort.ResidentNo, false, 0, 500);
        Assert.Equal(residentsB, onlyB.Total);
        Assert.All(onlyB.Residents, r => Assert.StartsWith("大熊", r.Name, StringComparison.Ordinal));
        var both = await Dashboard.ListAsync(new ResidentListFilter(District: "浜区"), TownScope.All, ResidentListSort.ResidentNo, false, 0, 500);
        Assert.Equal(await CountAsync("SELECT COUNT(*) FROM Residents WHERE District = '浜区'"), both.Total);
    }

    private static (int Residents, int Households) Pair(CallCenter.Data.Residents.TownCounts counts) => (counts.Residents, counts.Households);
}
