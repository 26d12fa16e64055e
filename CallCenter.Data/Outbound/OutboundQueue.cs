using System.Globalization;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// The outbound queue: built from the rules in short write transactions (ranges of households, batches sized to a
/// target lock time), rebuilt when stale, and stamped with when it was built.
/// </summary>
public sealed class OutboundQueue(ConnectionFactory connections, SettingsRepository settings, TimeProvider time)
{
    /// <summary>The rules as saved now.</summary>
    public Task<OutboundRules> RulesAsync(CancellationToken cancellationToken = default) => OutboundRules.LoadAsync(settings, cancellationToken);

    /// <summary>What each write transaction of a rebuild aims to hold the write lock for; the batch size adapts to it.</summary>
    private static readonly TimeSpan WriteTarget = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The least time between two of a rebuild's write transactions. SQLite has no queue of waiting writers: each
    /// polls (SQLite's busy handler, which every connection of the app sets, tries again after 1, 2, 5, … ms and at
    /// most 100 ms apart), so back-to-back transactions could starve an operator's save; a gap this long lets every
    /// waiting writer in before the next batch.
    /// </summary>
    private static readonly TimeSpan GapBetweenWrites = TimeSpan.FromMilliseconds(160);

    /// <summary>Households read per range (a plain read, outside any transaction).</summary>
    private const int RangeHouseholds = 20_000;

    private const int FirstBatchRows = 1_000;
    private const int MinBatchRows = 100;
    private const int MaxBatchRows = 20_000;

    // One rebuild at a time per database in this process; claimers never wait for it once the queue exists.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> RebuildGates = new(StringComparer.Ordinal);

    // The first household id of the next range (Skip = the range size, Take = 1), or nothing for the last range.
    private const string NextChunkSql = """
          SELECT HouseholdId
            FROM Households
           WHERE HouseholdId >= @From
        ORDER BY HouseholdId
        {page}
        """;

    // The queue rows of one range of households: OutboundQueries' priorities with the former one-statement build's
    // filter, and the households of running campaigns that still need the call (ranked after the safety tiers). CROSS JOIN keeps SQLite on the written order (the range of households, then each one's members by the
    // HouseholdId index); left to itself, its planner (no statistics) walks every resident by the IsProvisional
    // index for each range. SQL Server reads it as the inner join it is.
    private const string QueueRangeSql = $"""
        SELECT g.HouseholdId, {OutboundQueries.QueuePriorityCase} AS Priority, g.Reasons, h.District, COALESCE(o.Attempts, 0) AS Tries, h.TownId
          FROM (SELECT {OutboundQueries.HouseholdPrioritiesColumns}
                  FROM Households k
                 CROSS JOIN Residents r
                 WHERE r.HouseholdId = k.HouseholdId
                   AND k.HouseholdId >= @From
                   AND k.HouseholdId < @To
                   AND {OutboundQueries.HouseholdPrioritiesFilter}
              GROUP BY r.HouseholdId) g
          JOIN Households h ON h.HouseholdId = g.HouseholdId
          LEFT JOIN OutboundHouseholds o ON o.HouseholdId = g.HouseholdId
         WHERE (g.Unconfirmed > 0 OR g.Stale > 0 OR {OutboundQueries.CampaignNeed} OR {OutboundQueries.ReturnedMailNeed})
           AND (o.HouseholdId IS NULL OR o.IsRefused = 0)
        """;

    private const string QueuedRangeSql = """
        SELECT HouseholdId, Priority, Reasons, District, Tries, TownId
          FROM OutboundQueue
         WHERE HouseholdId >= @From
           AND HouseholdId < @To
        """;

    private const string DeleteQueueRowSql = """
        DELETE FROM OutboundQueue
         WHERE HouseholdId = @HouseholdId
        """;

    private const string UpdateQueueRowSql = """
        UPDATE OutboundQueue
           SET Priority = @Priority, Reasons = @Reasons, District = @District, Tries = @Tries, TownId = @TownId
         WHERE HouseholdId = @HouseholdId
        """;

    private const string InsertQueueRowSql = """
        INSERT INTO OutboundQueue (HouseholdId, Priority, Reasons, District, Tries, TownId)
             VALUES (@HouseholdId, @Priority, @Reasons, @District, @Tries, @TownId)
        """;

    /// <summary>Rebuilds the queue from the rules; returns the households queued.</summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken = default) =>
        (await RebuildAsync(null, cancellationToken)).Queued;

    /// <summary>
    /// Rebuilds the queue without holding the write lock for long, however big the register: for each range of
    /// households the new rows and the queued ones are read (plain reads, which block no one) and compared, and only
    /// the differences are written, in batches, each its own short write transaction; the batch size adapts so that
    /// each takes about <see cref="WriteTarget"/>, and <see cref="GapBetweenWrites"/> separates two of them. Each
    /// household's row changes in one statement, so at every moment it is in the queue as it was or as it is now,
    /// never missing and never twice: 「次へ」 and claims keep working during a rebuild (a claim is its own row in
    /// OutboundClaims, untouched here, and 「次へ」 re-checks a candidate's members live). The queue's stamp is written
    /// last. <paramref name="afterChunk"/> is called after each write transaction.
    /// </summary>
    internal async Task<OutboundRebuild> RebuildAsync(Func<OutboundRebuild, Task>? afterChunk, CancellationToken cancellationToken)
    {
        var rules = await RulesAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var parameters = rules.Parameters(JapanTime.Today(time), now);
        var dialect = connections.Dialect;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var progress = new OutboundRebuild(0, 0, TimeSpan.Zero);
        var batch = FirstBatchRows;
        var queued = 0;
        var from = 0L;
        var sinceWrite = (System.Diagnostics.Stopwatch?)null;
        while (true)
        {
            var next = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(dialect.Render(NextChunkSql),
                new { From = from, Skip = RangeHouseholds, Take = 1 }, cancellationToken: cancellationToken));
            var to = next ?? long.MaxValue;
            var range = new DynamicParameters(parameters);
            range.Add("From", from);
            range.Add("To", to);
            var rows = (await connection.QueryAsync<QueueRow>(new CommandDefinition(QueueRangeSql, range, cancellationToken: cancellationToken))).AsList();
            var queuedNow = (await connection.QueryAsync<QueueRow>(new CommandDefinition(QueuedRangeSql, new { From = from, To = to }, cancellationToken: cancellationToken)))
                .ToDictionary(r => r.HouseholdId);
            queued += rows.Count;
            // What differs: rows to write (new or changed), and households no longer queued (a null row).
            var changes = new List<(long HouseholdId, QueueRow? Row)>();
            foreach (var row in rows)
            {
                if (!queuedNow.Remove(row.HouseholdId, out var old) || old != row)
                {
                    changes.Add((row.HouseholdId, row));
                }
            }
            changes.AddRange(queuedNow.Keys.Select(id => (id, (QueueRow?)null)));
            for (var offset = 0; offset < changes.Count;)
            {
                var part = changes.GetRange(offset, Math.Min(batch, changes.Count - offset));
                offset += part.Count;
                var held = await WriteQueueRowsAsync(connection, part, sinceWrite, cancellationToken);
                sinceWrite = System.Diagnostics.Stopwatch.StartNew();
                progress = progress with
                {
                    Queued = queued,
                    Chunks = progress.Chunks + 1,
                    LongestHold = held > progress.LongestHold ? held : progress.LongestHold,
                };
                if (afterChunk is not null)
                {
                    await afterChunk(progress);
                }
                // Aim the next batch at the target hold, growing at most twofold at a time.
                var scaled = batch * WriteTarget.TotalMilliseconds / Math.Max(held.TotalMilliseconds, 1);
                batch = (int)Math.Clamp(Math.Min(scaled, batch * 2.0), MinBatchRows, MaxBatchRows);
            }
            if (next is null)
            {
                break;
            }
            from = to;
        }
        await using (var transaction = await connections.BeginWriteAsync(connection, cancellationToken))
        {
            await SettingsRepository.SetAsync(connection, transaction, OutboundRules.QueueBuiltAtKey, now.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return progress with { Queued = queued };
    }

    /// <summary>Writes one batch of queue changes in its own write transaction; returns how long it held the lock.</summary>
    private async Task<TimeSpan> WriteQueueRowsAsync(System.Data.Common.DbConnection connection, List<(long HouseholdId, QueueRow? Row)> changes,
        System.Diagnostics.Stopwatch? sinceWrite, CancellationToken cancellationToken)
    {
        if (sinceWrite is not null && sinceWrite.Elapsed < GapBetweenWrites)
        {
            await Task.Delay(GapBetweenWrites - sinceWrite.Elapsed, cancellationToken);
        }
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var held = System.Diagnostics.Stopwatch.StartNew();
        await using (var delete = new PreparedCommand(connection, transaction, DeleteQueueRowSql, "HouseholdId"))
        await using (var update = new PreparedCommand(connection, transaction, UpdateQueueRowSql, "Priority", "Reasons", "District", "Tries", "TownId", "HouseholdId"))
        await using (var insert = new PreparedCommand(connection, transaction, InsertQueueRowSql, "HouseholdId", "Priority", "Reasons", "District", "Tries", "TownId"))
        {
            foreach (var (householdId, row) in changes)
            {
                if (row is null)
                {
                    await delete.Set(householdId).ExecuteAsync(cancellationToken);
                }
                else if (await update.Set(row.Priority, row.Reasons, row.District, row.Tries, row.TownId, householdId).ExecuteAsync(cancellationToken) == 0)
                {
                    // Not queued (or dropped by a 「次へ」 since it was read): it is queued now.
                    await insert.Set(householdId, row.Priority, row.Reasons, row.District, row.Tries, row.TownId).ExecuteAsync(cancellationToken);
                }
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return held.Elapsed;
    }

    private sealed record QueueRow
    {
        public long HouseholdId { get; init; }
        public int Priority { get; init; }
        public int Reasons { get; init; }
        public string? District { get; init; }
        public int Tries { get; init; }
        public int TownId { get; init; }
    }

    /// <summary>When the queue was last built (UTC), or null.</summary>
    public async Task<DateTime?> BuiltAtAsync(CancellationToken cancellationToken = default) =>
        ParseBuiltAt(await settings.GetAsync(OutboundRules.QueueBuiltAtKey, cancellationToken));

    internal static DateTime? ParseBuiltAt(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at.ToUniversalTime() : null;

    internal async Task RebuildIfStaleAsync(OutboundRules rules, DateTime? builtAt, CancellationToken cancellationToken)
    {
        if (IsFresh(rules, builtAt))
        {
            return;
        }
        var gate = RebuildGates.GetOrAdd(connections.ConnectionString, _ => new SemaphoreSlim(1, 1));
        // While another 「次へ」 rebuilds a queue that exists, claim from it as it stands (each household old or new);
        // only a queue never built is waited for.
        if (builtAt is null)
        {
            await gate.WaitAsync(cancellationToken);
        }
        else if (!await gate.WaitAsync(0, cancellationToken))
        {
            return;
        }
        try
        {
            if (!IsFresh(rules, await BuiltAtAsync(cancellationToken)))
            {
                await RebuildAsync(cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsFresh(OutboundRules rules, DateTime? builtAt)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return builtAt is { } at && now - at < TimeSpan.FromMinutes(rules.RebuildMinutes) && at <= now;
    }
}
