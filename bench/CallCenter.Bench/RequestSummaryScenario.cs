using System.Diagnostics;
using CallCenter.Data.Database;
using CallCenter.Data.Requests;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// The requests summary (/requests/summary, issue 17): requests are added to the imported register (at the town's size
/// one per three households; at 1,000,000 residents 1,000,000 requests, about three per household), a third of them
/// moved on (対応中, then 完了 for half of those), each through the triggers of migration 0017 as the app's writes go;
/// then <see cref="RequestSummary.LoadAsync"/> (the tallies) is timed beside its floor, the same figures by plain GROUP BY
/// over Requests and Residents (<see cref="RequestSummary.FreshAsync"/>). Before timing the two are compared and the run
/// fails if any figure differs.
/// </summary>
public static class RequestSummaryScenario
{
    private const string HouseholdsSql = """
        SELECT h.HouseholdId, MIN(r.ResidentId) AS ResidentId
          FROM Households h
          JOIN Residents r ON r.HouseholdId = h.HouseholdId
         GROUP BY h.HouseholdId
         ORDER BY h.HouseholdId
        """;

    private const string InsertSql = """
        INSERT INTO Requests (HouseholdId, ResidentId, CategoryId, DepartmentId, IsUrgent, Body, Status, CreatedAt, UpdatedAt, Version)
        VALUES (@HouseholdId, @ResidentId, @CategoryId, @DepartmentId, @IsUrgent, @Body, 0, @CreatedAt, @CreatedAt, 0)
        """;

    private const string StartSql = "UPDATE Requests SET Status = 2, Version = Version + 1 WHERE RequestId % 3 = 0";

    private const string CloseSql = "UPDATE Requests SET Status = 3, ClosedAt = UpdatedAt, Version = Version + 1 WHERE RequestId % 6 = 0";

    private static readonly string[] Bodies =
        ["仮設住宅の入居について相談したい", "介護サービスを避難先で受けたい", "子どもの転校の手続きを知りたい", "賠償請求の書類の書き方を教えてほしい", "一時帰宅の日程を知りたい"];

    public static async Task<(Measurement Product, Measurement Floor)> RunAsync(string db, int rows, int loads)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var seeded = Stopwatch.StartNew();
        var requests = await SeedAsync(connections, rows);
        var seedSeconds = seeded.Elapsed.TotalSeconds;
        var summary = new RequestSummary(connections);
        var product = await summary.LoadAsync(TownScope.All);
        var fresh = await summary.FreshAsync(TownScope.All);
        if (!product.Tallies.SequenceEqual(fresh.Tallies))
        {
            throw new InvalidOperationException("the requests summary and its floor disagree:\n"
                + string.Join("\n", product.Tallies.Except(fresh.Tallies)) + "\n--\n" + string.Join("\n", fresh.Tallies.Except(product.Tallies)));
        }
        var productTimes = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            var watch = Stopwatch.StartNew();
            await summary.LoadAsync(TownScope.All);
            productTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        // The floor reads every request: as many loads as the product's, or as fit in a minute (at least 20).
        var floorTimes = new List<double>();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < loads && (i < 20 || budget.Elapsed < TimeSpan.FromMinutes(1)); i++)
        {
            var watch = Stopwatch.StartNew();
            await summary.FreshAsync(TownScope.All);
            floorTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        var peak = Measurement.PeakResidentMegabytes();
        return (new Measurement("requests-summary", rows, ConsoleScenarios.Percentile(productTimes, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(productTimes, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(productTimes, 95):0.00} ms; {loads} loads; "
                    + $"{requests:N0} requests ({product.Open:N0} open), {product.Tallies.Count:N0} figures; seeded in {seedSeconds:0.0} s through the triggers"),
                new Measurement("requests-summary-floor", rows, ConsoleScenarios.Percentile(floorTimes, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(floorTimes, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(floorTimes, 95):0.00} ms; {floorTimes.Count} loads"));
    }

    /// <summary>Adds the requests (deterministic: the same every run) and moves a third of them; returns how many.</summary>
    internal static async Task<int> SeedAsync(ConnectionFactory connections, int rows)
    {
        await using var connection = await connections.OpenAsync();
        await using var bulk = await connections.PrepareForBulkAsync(connection);
        // The triggers' nested statements each need a statement journal; in temporary files (the default) they cost
        // most of the seeding's time (measured with sqlite3: 20,000 inserts 14 s of CPU against 0.7 s in memory).
        await connection.ExecuteAsync("PRAGMA temp_store = MEMORY");
        var households = (await connection.QueryAsync<(long HouseholdId, long ResidentId)>(HouseholdsSql)).AsList();
        var target = rows >= 1_000_000 ? 1_000_000 : households.Count / 3;
        var start = new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var transaction = await connections.BeginWriteAsync(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        var names = new[] { "HouseholdId", "ResidentId", "CategoryId", "DepartmentId", "IsUrgent", "Body", "CreatedAt" };
        foreach (var name in names)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            command.Parameters.Add(p);
        }
        await command.PrepareAsync();
        var step = rows >= 1_000_000 ? 1 : 3;
        for (var i = 0; i < target; i++)
        {
            var (householdId, residentId) = households[i * step % households.Count];
            command.Parameters[0].Value = householdId;
            command.Parameters[1].Value = i % 4 == 0 ? DBNull.Value : residentId;
            command.Parameters[2].Value = 1 + i % 12;
            command.Parameters[3].Value = 1 + i * 7 % 6;
            command.Parameters[4].Value = i % 9 == 0 ? 1 : 0;
            command.Parameters[5].Value = Bodies[i % Bodies.Length];
            command.Parameters[6].Value = start.AddMinutes(i * 613L % (600 * 24 * 60));
            await command.ExecuteNonQueryAsync();
        }
        await connection.ExecuteAsync(StartSql, transaction: transaction, commandTimeout: 3600);
        await connection.ExecuteAsync(CloseSql, transaction: transaction, commandTimeout: 3600);
        await transaction.CommitAsync();
        return target;
    }
}
