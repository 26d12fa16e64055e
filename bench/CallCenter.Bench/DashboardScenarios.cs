using System.Diagnostics;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// All dashboard aggregates for one filter, beside the floor: the raw SQL computing the same figures straight
/// from the register (GROUP BY over Residents) plus the same call and session look-ups.
/// </summary>
public static class DashboardScenarios
{
    private const string FloorResidentsSql = """
        SELECT COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1), COUNT(*)
          FROM Residents
         WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
         GROUP BY COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1)
        """;

    private const string FloorDailySql = """
        SELECT date(FirstConfirmedAt, '+9 hours'), COALESCE(District, ''), IsVulnerable, COUNT(*)
          FROM Residents
         WHERE FirstConfirmedAt IS NOT NULL AND IsProvisional = 0 AND MergedIntoResidentId IS NULL
         GROUP BY date(FirstConfirmedAt, '+9 hours'), COALESCE(District, ''), IsVulnerable
        """;

    private const string FloorOthersSql = """
        SELECT COUNT(*) FROM Residents WHERE IsProvisional = 1 AND MergedIntoResidentId IS NULL;
        SELECT StartedAt FROM Calls WHERE StartedAt >= @Since;
        SELECT COUNT(DISTINCT UserId) FROM UserSessions WHERE EndedAt IS NULL AND LastSeenAt >= @Since;
        SELECT OperatorUserId, COUNT(*) FROM Calls WHERE StartedAt >= @From GROUP BY OperatorUserId;
        SELECT r.OperatorUserId, COUNT(*) FROM SafetyReports r JOIN Calls c ON c.CallId = r.CallId WHERE r.RecordedAt >= @From AND r.Status <> 0 GROUP BY r.OperatorUserId;
        SELECT UserId, DisplayName FROM Users;
        """;

    public static async Task<(Measurement Product, Measurement Floor)> LoadAsync(string db, int rows, int loads)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var dashboard = new DashboardRepository(connections, new SettingsRepository(connections), TimeProvider.System);
        var district = (await dashboard.LoadAsync(new DashboardFilter())).Districts.FirstOrDefault();
        DashboardFilter[] filters = [new(), new(District: district), new(VulnerableOnly: true), new(Site: "いわき")];
        for (var i = 0; i < 5; i++)
        {
            await dashboard.LoadAsync(filters[i % filters.Length]);
        }
        var product = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            var watch = Stopwatch.StartNew();
            await dashboard.LoadAsync(filters[i % filters.Length]);
            product.Add(watch.Elapsed.TotalMilliseconds);
        }
        var floor = new List<double>();
        var since = DateTime.UtcNow.AddDays(-1);
        for (var i = 0; i < Math.Min(loads, 20); i++)
        {
            var watch = Stopwatch.StartNew();
            await using var connection = await connections.OpenAsync();
            (await connection.QueryAsync(FloorResidentsSql)).AsList();
            (await connection.QueryAsync(FloorDailySql)).AsList();
            await using (var multi = await connection.QueryMultipleAsync(FloorOthersSql, new { Since = since, From = since.AddDays(-30) }))
            {
                while (!multi.IsConsumed)
                {
                    (await multi.ReadAsync()).AsList();
                }
            }
            floor.Add(watch.Elapsed.TotalMilliseconds);
        }
        var peak = Measurement.PeakResidentMegabytes();
        return (new Measurement("dashboard", rows, ConsoleScenarios.Percentile(product, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(product, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(product, 95):0.00} ms; {loads} loads"),
                new Measurement("dashboard-floor", rows, ConsoleScenarios.Percentile(floor, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(floor, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(floor, 95):0.00} ms"));
    }
}
