using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Outbound;
using CallCenter.Data.Towns;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Outbound;

/// <summary>
/// The queue rebuild never holds SQLite's write lock for long: it is written one range of households at a time, each
/// range its own short transaction, and ends exactly where the former one-statement build ended. 「次へ」 keeps
/// working in between, handing out no household twice.
/// </summary>
public sealed class OutboundRebuildTests(Xunit.Abstractions.ITestOutputHelper output) : OutboundDatabaseTests<OnSqlite>
{
    // The build as it was before: one INSERT ... SELECT over every household in one write transaction. Its SELECT is
    // what the chunked rebuild must end with.
    private const string OneStatementBuildSql = $"""
          SELECT g.HouseholdId, {OutboundQueries.PriorityCase} AS Priority, g.Reasons, h.District, COALESCE(o.Attempts, 0) AS Tries
            FROM ({OutboundQueries.HouseholdPrioritiesSelect}
                GROUP BY r.HouseholdId) g
            JOIN Households h ON h.HouseholdId = g.HouseholdId
            LEFT JOIN OutboundHouseholds o ON o.HouseholdId = g.HouseholdId
           WHERE (g.Unconfirmed > 0 OR g.Stale > 0)
             AND (o.HouseholdId IS NULL OR o.IsRefused = 0)
        ORDER BY g.HouseholdId
        """;

    private const string QueueSql = """
          SELECT HouseholdId, Priority, Reasons, District, Tries
            FROM OutboundQueue
        ORDER BY HouseholdId
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var register = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"{Guid.NewGuid():N}.csv");
        try
        {
            await using (var file = File.Create(register))
            {
                DemoTownGenerator.WriteRegisterCsv(file, 40_000);
            }
            var import = await new ResidentImportService(Connections, Clock).ImportFileAsync(register, dryRun: false);
            Assert.True(import.Committed, string.Join("; ", import.Errors.Take(3)));
        }
        finally
        {
            File.Delete(register);
        }
        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules { ReconfirmDays = 14 });
        // The queue as an earlier rebuild left it, then the town moves on: confirmations recent and old, attempts, refusals.
        await Queue.RebuildAsync();
        await using var connection = await Connections.OpenAsync();
        var recent = Clock.GetUtcNow().UtcDateTime.AddDays(-2);
        var old = Clock.GetUtcNow().UtcDateTime.AddDays(-20);
        await connection.ExecuteAsync("UPDATE Residents SET Status = 1, StatusReportedAt = @Recent WHERE ResidentId % 3 = 0", new { Recent = recent });
        await connection.ExecuteAsync("UPDATE Residents SET Status = 1, StatusReportedAt = @Old WHERE ResidentId % 7 = 1", new { Old = old });
        await connection.ExecuteAsync("""
            INSERT INTO OutboundHouseholds (HouseholdId, Attempts, Escalation, IsRefused, UpdatedAt)
            SELECT HouseholdId, HouseholdId % 4, 0, CASE WHEN HouseholdId % 11 = 0 THEN 1 ELSE 0 END, @Now
              FROM Households
             WHERE HouseholdId % 5 = 0
            """, new { Now = recent });
    }

    [Fact]
    public async Task Rebuild_WritesInShortTransactions_LetsWritersThrough_And_EndsAsTheOneStatementBuild()
    {
        var expected = await OneStatementBuildAsync();
        var probes = new List<int>();
        using var done = new CancellationTokenSource();
        Task<int>? background = null;

        var rebuild = await Queue.RebuildAsync(async chunk =>
        {
            output.WriteLine($"chunk {chunk.Chunks}: {chunk.Queued} queued so far, longest hold {chunk.LongestHold.TotalMilliseconds:0} ms");
            // Between two ranges the lock is free: a writer with a 1 s busy timeout goes through at once.
            await WriteWithShortTimeoutAsync($"probe-{chunk.Chunks}");
            probes.Add(chunk.Chunks);
            // And one that keeps writing while the remaining ranges are written never waits out its timeout.
            background ??= Task.Run(() => KeepWritingAsync(done.Token));
        }, CancellationToken.None);
        await done.CancelAsync();
        var backgroundWrites = await background!;

        Assert.True(rebuild.Chunks > 1, $"one transaction for {expected.Count} households");
        Assert.Equal(Enumerable.Range(1, rebuild.Chunks), probes);
        Assert.True(backgroundWrites > 0);
        Assert.Equal(expected.Count, rebuild.Queued);
        Assert.Equal(expected, await QueueAsync());
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, await Queue.BuiltAtAsync());
    }

    [Fact]
    public async Task ClaimNext_DuringRebuild_HandsOutEveryHouseholdOnce_And_LosesNone()
    {
        var expected = await OneStatementBuildAsync();
        var handedOut = new List<int>();
        var next = 0;

        var rebuild = await Queue.RebuildAsync(async _ =>
        {
            // 「次へ」 for three operators between every two ranges (the queue's stamp is fresh: no rebuild of its own).
            for (var i = 0; i < 3 && next < 8; i++, next++)
            {
                var claim = await Worklist.ClaimNextAsync(Ops[next], TownScope.All);
                handedOut.Add(claim.Household!.HouseholdId);
            }
        }, CancellationToken.None);
        for (; next < Ops.Count; next++)
        {
            handedOut.Add((await Worklist.ClaimNextAsync(Ops[next], TownScope.All)).Household!.HouseholdId);
        }

        Assert.True(rebuild.Chunks > 1);
        Assert.Equal(Ops.Count, handedOut.Distinct().Count());
        await using var connection = await Connections.OpenAsync();
        var claimed = (await connection.QueryAsync<int>("SELECT HouseholdId FROM OutboundClaims")).Order().ToList();
        Assert.Equal(handedOut.Order().ToList(), claimed);
        // Claims leave the queue as it is: every household is still there, once, as the one-statement build has it.
        Assert.Equal(expected, await QueueAsync());
        Assert.All(handedOut, id => Assert.Contains(expected, q => q.HouseholdId == id && q.Priority < 9));
    }

    private async Task<List<QueueRow>> OneStatementBuildAsync()
    {
        var rules = await Queue.RulesAsync();
        await using var connection = await Connections.OpenAsync();
        return (await connection.QueryAsync<QueueRow>(OneStatementBuildSql,
            rules.Parameters(JapanTime.Today(Clock), Clock.GetUtcNow().UtcDateTime))).AsList();
    }

    private async Task<List<QueueRow>> QueueAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return (await connection.QueryAsync<QueueRow>(QueueSql)).AsList();
    }

    private async Task WriteWithShortTimeoutAsync(string name)
    {
        var builder = new SqliteConnectionStringBuilder(Connections.ConnectionString) { DefaultTimeout = 1 };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync("INSERT INTO Settings (Name, Value) VALUES (@Name, 'x')", new { Name = name }, transaction);
        await transaction.CommitAsync();
    }

    private async Task<int> KeepWritingAsync(CancellationToken stop)
    {
        var writes = 0;
        do
        {
            await WriteWithShortTimeoutAsync($"background-{writes.ToString(CultureInfo.InvariantCulture)}");
            writes++;
            // An operator saves now and then, not in a tight loop: SQLite's lock is not fair, and a loop that takes it
            // again at once can starve the probe above for longer than its timeout on a loaded machine.
            await Task.Delay(10, CancellationToken.None);
        }
        while (!stop.IsCancellationRequested);
        return writes;
    }

    private sealed record QueueRow(long HouseholdId, long Priority, long Reasons, string? District, long Tries);
}
