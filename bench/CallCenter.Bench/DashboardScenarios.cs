using System.Diagnostics;
using System.Text.Json;
using CallCenter.Data.Common;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// Every dashboard figure for one filter (no filter, one district, vulnerable only, one site in turn), on the register
/// with its activity (BenchActivity), beside the floor: the SAME figures computed by the best plain SQL on the base
/// tables (GROUP BY over Residents, Calls and SafetyReports with their indexes, narrowed in SQL to the filter; no
/// summary table), shaped by the same <see cref="DashboardRepository.Compose"/>. Before timing, each filter's floor
/// snapshot is compared with the product's and the scenario fails if any figure differs, so the ratio compares two
/// ways of computing one thing: it is what the summaries gain over a plain query.
/// </summary>
public static class DashboardScenarios
{
    // Narrowed in SQL to the filter with the filter's own predicates (no "@District IS NULL OR …"), so that SQLite takes
    // IX_Residents_District_Status for one district: the best a plain query on the register can do.
    private static string Registered(DashboardFilter filter) =>
        "IsProvisional = 0 AND MergedIntoResidentId IS NULL"
        + (string.IsNullOrEmpty(filter.District) ? "" : " AND District = @District")
        + (filter.VulnerableOnly ? " AND IsVulnerable = 1" : "");

    private static string FloorBucketsSql(DashboardFilter filter) => $"""
        SELECT TownId, COALESCE(District, '') AS District, Status, IsVulnerable, COALESCE(WhereaboutsType, -1) AS WhereaboutsType,
               COALESCE(PrefectureCode, -1) AS PrefectureCode, COUNT(*) AS Residents
          FROM Residents
         WHERE {Registered(filter)}
         GROUP BY TownId, COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1)
        """;

    private const string FloorDistrictsSql = """
        SELECT DISTINCT District FROM Residents WHERE District IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
        """;

    private static string FloorDailySql(DashboardFilter filter) => $"""
        SELECT date(FirstConfirmedAt, '+9 hours') AS Day, COALESCE(District, '') AS District, IsVulnerable, COUNT(*) AS Residents
          FROM Residents
         WHERE FirstConfirmedAt IS NOT NULL AND {Registered(filter)}
         GROUP BY date(FirstConfirmedAt, '+9 hours'), COALESCE(District, ''), IsVulnerable
        """;

    // The product reads these two from the base table already (an index range each): the floor runs the same.
    private const string FloorProvisionalSql = """
        SELECT COUNT(*) FROM Residents WHERE IsProvisional = 1 AND MergedIntoResidentId IS NULL
        """;

    private const string FloorPendingSql = """
        SELECT COALESCE(District, '') AS District, IsVulnerable, PendingStatus AS Status, COUNT(*) AS Residents
          FROM Residents
         WHERE PendingStatus > 0 AND +IsProvisional = 0 AND +MergedIntoResidentId IS NULL
         GROUP BY COALESCE(District, ''), IsVulnerable, PendingStatus
        """;

    private static string AtSite(DashboardPeriod period, string column) => period.Site is null ? "" : $" AND {column} = @Site";

    private static string FloorHoursSql(DashboardPeriod period) => $"""
        SELECT CAST(strftime('%H', StartedAt, '+9 hours') AS INTEGER) AS Hour, COUNT(*) AS Calls
          FROM Calls
         WHERE StartedAt >= @TodayUtc{AtSite(period, "Site")}
         GROUP BY CAST(strftime('%H', StartedAt, '+9 hours') AS INTEGER)
        """;

    private const string FloorActiveSql = """
        SELECT COUNT(DISTINCT UserId) FROM UserSessions WHERE EndedAt IS NULL AND LastSeenAt >= @Since AND (@Site IS NULL OR Site = @Site)
        """;

    private static string FloorPerOperatorSql(DashboardPeriod period) => $"""
        SELECT OperatorUserId AS UserId, COUNT(*) AS Calls, 0 AS Confirmations
          FROM Calls
         WHERE StartedAt >= @FromUtc AND StartedAt < @ToUtc{AtSite(period, "Site")}
         GROUP BY OperatorUserId
        UNION ALL
        SELECT r.OperatorUserId, 0, COUNT(*)
          FROM SafetyReports r
          JOIN Calls c ON c.CallId = r.CallId
         WHERE r.RecordedAt >= @FromUtc AND r.RecordedAt < @ToUtc AND r.Status <> 0{AtSite(period, "c.Site")}
         GROUP BY r.OperatorUserId
        """;

    private const string FloorNamesSql = "SELECT UserId, DisplayName FROM Users";

    // The operators' pages beat every few seconds; the bench's sessions are refreshed so that "active now" counts them.
    private const string HeartbeatSql = "UPDATE UserSessions SET LastSeenAt = @Now WHERE EndedAt IS NULL";

    public static async Task<(Measurement Product, Measurement Floor)> LoadAsync(string db, int rows, int loads)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync(HeartbeatSql, new { Now = DateTime.UtcNow });
        }
        var settings = new SettingsRepository(connections);
        var dashboard = new DashboardRepository(connections, settings, TimeProvider.System);
        var first = await dashboard.LoadAsync(new DashboardFilter());
        var district = first.Districts.FirstOrDefault();
        DashboardFilter[] filters = [new(), new(District: district), new(VulnerableOnly: true), new(Site: "いわき")];
        foreach (var filter in filters)
        {
            var product = await dashboard.LoadAsync(filter);
            var floor = await FloorAsync(connections, settings, filter, product.AsOfUtc);
            var (a, b) = (JsonSerializer.Serialize(product), JsonSerializer.Serialize(floor));
            if (a != b)
            {
                throw new InvalidOperationException($"the dashboard and its floor disagree for {filter.Key}:\n{a}\n{b}");
            }
        }
        var productTimes = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            var watch = Stopwatch.StartNew();
            await dashboard.LoadAsync(filters[i % filters.Length]);
            productTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        // The floor scans the register: as many loads as the product's, or as fit in a minute (at least 20).
        var floorTimes = new List<double>();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < loads && (i < 20 || budget.Elapsed < TimeSpan.FromMinutes(1)); i++)
        {
            var watch = Stopwatch.StartNew();
            await FloorAsync(connections, settings, filters[i % filters.Length], DateTime.UtcNow);
            floorTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        var peak = Measurement.PeakResidentMegabytes();
        var h = first.Headline;
        return (new Measurement("dashboard", rows, ConsoleScenarios.Percentile(productTimes, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(productTimes, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(productTimes, 95):0.00} ms; {loads} loads; "
                    + $"{h.CallsToday:N0} calls today, {first.PerOperator.Sum(o => o.Calls):N0} calls and {first.PerOperator.Sum(o => o.Confirmations):N0} confirmations in the period, {h.Confirmed:N0} of {h.Residents:N0} confirmed"),
                new Measurement("dashboard-floor", rows, ConsoleScenarios.Percentile(floorTimes, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(floorTimes, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(floorTimes, 95):0.00} ms; {floorTimes.Count} loads"));
    }

    /// <summary>The dashboard's figures for a filter by plain SQL on the base tables, shaped as the product shapes them.</summary>
    private static async Task<DashboardSnapshot> FloorAsync(ConnectionFactory connections, SettingsRepository settings, DashboardFilter filter, DateTime now)
    {
        var today = JapanTime.Today(TimeProvider.System);
        var text = await settings.GetAsync(SettingsRepository.DisasterDate);
        var disasterDate = DateOnly.TryParseExact(text, "yyyy-MM-dd", out var d) ? d : today.AddDays(-30);
        var period = DashboardPeriod.Of(filter, today, disasterDate);
        var narrow = new { filter.District };
        await using var connection = await connections.OpenAsync();
        var figures = new DashboardFigures
        {
            Buckets = (await connection.QueryAsync<ResidentBucket>(FloorBucketsSql(filter), narrow)).AsList(),
            Districts = narrow.District is null ? null : (await connection.QueryAsync<string>(FloorDistrictsSql)).AsList(),
            Daily = (await connection.QueryAsync<DailyBucket>(FloorDailySql(filter), narrow)).AsList(),
            Provisional = await connection.ExecuteScalarAsync<int>(FloorProvisionalSql),
            Pending = (await connection.QueryAsync<PendingBucket>(FloorPendingSql)).AsList(),
            CallsPerHourToday = (await connection.QueryAsync<(long Hour, long Calls)>(FloorHoursSql(period), new { period.TodayUtc, period.Site }))
                .Select(x => new HourlyCalls((int)x.Hour, (int)x.Calls)).ToList(),
            OperatorsActive = await connection.ExecuteScalarAsync<int>(FloorActiveSql, new { Since = now - DashboardRepository.ActiveWindow, period.Site }),
            PerOperator = (await connection.QueryAsync<OperatorTotals>(FloorPerOperatorSql(period), new { period.FromUtc, period.ToUtc, period.Site })).AsList(),
            OperatorNames = (await connection.QueryAsync<(long UserId, string DisplayName)>(FloorNamesSql)).ToDictionary(u => (int)u.UserId, u => u.DisplayName),
        };
        return DashboardRepository.Compose(filter, now, disasterDate, period, figures);
    }
}
