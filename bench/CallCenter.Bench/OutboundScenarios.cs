using System.Diagnostics;
using System.Reflection;
using CallCenter.Data.Common;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Bench;

/// <summary>
/// The outbound queue's rebuild beside its floor, and 「次へ」 on the outbound worklist: operators in turn each give up their household and claim the next, beside the
/// floor: the bare write transaction (release, first unclaimed row of the queue index, insert the claim).
/// Rebuild: <see cref="OutboundQueue.RebuildAsync(CancellationToken)"/> from an empty queue (ranges of households
/// read, differences written in ~50 ms write transactions with 160 ms gaps so that operators' saves get in); floor:
/// the same rows by the product's own range statement over all households, in one INSERT … SELECT in one write
/// transaction (holding the write lock throughout, which the product must not do).
/// </summary>
public static class OutboundScenarios
{
    private const string FloorReleaseSql = "DELETE FROM OutboundClaims WHERE UserId = @UserId";

    private const string FloorPickSql = """
        SELECT q.HouseholdId FROM OutboundQueue q
         WHERE q.Priority < 9
           AND NOT EXISTS (SELECT 1 FROM OutboundClaims c WHERE c.HouseholdId = q.HouseholdId AND c.ExpiresAt > @Now)
         ORDER BY q.Priority, q.Tries, q.HouseholdId LIMIT 1
        """;

    private const string FloorClaimSql = """
        DELETE FROM OutboundClaims WHERE HouseholdId = @HouseholdId AND ExpiresAt <= @Now;
        INSERT INTO OutboundClaims (HouseholdId, UserId, Site, ClaimedAt, ExpiresAt) VALUES (@HouseholdId, @UserId, NULL, @Now, @Expires);
        """;

    private const string ClearQueueSql = "DELETE FROM OutboundQueue";

    // The product's statement (private in OutboundQueue): the floor builds exactly the rows the product builds.
    private static readonly string QueueRangeSql = (string)typeof(OutboundQueue)
        .GetField("QueueRangeSql", BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;

    public static async Task<Measurement> RebuildAsync(string db, int rows)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync(ClearQueueSql);
        }
        var watch = Stopwatch.StartNew();
        var queued = await new OutboundQueue(connections, new SettingsRepository(connections), TimeProvider.System).RebuildAsync();
        watch.Stop();
        return new Measurement("outbound-rebuild", rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), $"{queued:N0} households queued");
    }

    public static async Task<Measurement> RebuildFloorAsync(string db, int rows)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var rules = await OutboundRules.LoadAsync(new SettingsRepository(connections));
        var parameters = new DynamicParameters(rules.Parameters(JapanTime.Today(TimeProvider.System), DateTime.UtcNow));
        parameters.Add("From", 0L);
        parameters.Add("To", long.MaxValue);
        var watch = Stopwatch.StartNew();
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connections.BeginWriteAsync(connection);
        await connection.ExecuteAsync(ClearQueueSql, transaction: transaction);
        var queued = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO OutboundQueue (HouseholdId, Priority, Reasons, District, Tries, TownId)\n" + QueueRangeSql, parameters, transaction, commandTimeout: 3600));
        await transaction.CommitAsync();
        watch.Stop();
        return new Measurement("outbound-rebuild-floor", rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), $"{queued:N0} households queued");
    }

    public static async Task<(Measurement Product, Measurement Floor)> ClaimAsync(string db, int rows, int claims)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var settings = new SettingsRepository(connections);
        // The queue is built once here (timed apart); 「次へ」 then only reads it.
        await settings.SetAsync(OutboundRules.RebuildMinutesKey, "1440");
        var worklist = new OutboundWorklist(connections, settings, TimeProvider.System);
        var build = Stopwatch.StartNew();
        var queued = await new OutboundQueue(connections, settings, TimeProvider.System).RebuildAsync();
        build.Stop();
        var users = new UserRepository(connections, TimeProvider.System);
        var operators = new List<OperatorContext>();
        for (var i = 0; i < 20; i++)
        {
            var name = $"bench-outbound-{i}";
            var id = (await users.FindByNameAsync(name))?.UserId ?? (await users.CreateAsync(name, name, UserRole.Operator, "会津若松", "x"))!.Value;
            operators.Add(new OperatorContext(id, name, "会津若松"));
        }
        for (var i = 0; i < 20; i++)
        {
            await worklist.ClaimNextAsync(operators[i % operators.Count], TownScope.All);
        }
        var product = new List<double>();
        for (var i = 0; i < claims; i++)
        {
            var watch = Stopwatch.StartNew();
            await worklist.ClaimNextAsync(operators[i % operators.Count], TownScope.All);
            product.Add(watch.Elapsed.TotalMilliseconds);
        }
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM OutboundClaims");
        }
        var floor = new List<double>();
        for (var i = 0; i < claims; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var connection = (SqliteConnection)await connections.OpenAsync();
            await using var transaction = connection.BeginTransaction(deferred: false);
            var userId = operators[i % operators.Count].UserId;
            var now = DateTime.UtcNow;
            await connection.ExecuteAsync(FloorReleaseSql, new { UserId = userId }, transaction);
            var householdId = await connection.ExecuteScalarAsync<int?>(FloorPickSql, new { Now = now }, transaction);
            if (householdId is not null)
            {
                await connection.ExecuteAsync(FloorClaimSql, new { HouseholdId = householdId, UserId = userId, Now = now, Expires = now.AddMinutes(15) }, transaction);
            }
            await transaction.CommitAsync();
            floor.Add(watch.Elapsed.TotalMilliseconds);
        }
        var peak = Measurement.PeakResidentMegabytes();
        return (new Measurement("claim-next", rows, ConsoleScenarios.Percentile(product, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(product, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(product, 95):0.00} ms; {claims} claims; queue of {queued:N0} households built in {build.Elapsed.TotalMilliseconds:0} ms"),
                new Measurement("claim-next-floor", rows, ConsoleScenarios.Percentile(floor, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(floor, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(floor, 95):0.00} ms"));
    }
}
