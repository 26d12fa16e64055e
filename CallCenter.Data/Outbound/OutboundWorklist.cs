using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// The operators' side of outbound calling: building the queue from the rules and handing out the next household
/// (claimed for one operator alone until the claim expires or is released). Outcomes are recorded by
/// <see cref="OutboundAttempts"/>; a household is read by <see cref="OutboundHouseholdView"/>.
/// </summary>
/// <remarks>
/// A claim is exclusive because OutboundClaims has the household as its primary key: taking a household is an
/// INSERT, inside a write transaction (BEGIN IMMEDIATE on SQLite, so claimers queue up; on SQL Server two claimers
/// may pick the same candidate and the second INSERT fails on the key, and that claimer tries again).
/// </remarks>
public sealed class OutboundWorklist(ConnectionFactory connections, SettingsRepository settings, TimeProvider time)
{
    // A stateless reader over the same connections: composed here so that every caller builds the worklist alike.
    private readonly OutboundHouseholdView households = new(connections);

    /// <summary>Candidates read per look at the queue (some may turn out settled since the queue was built).</summary>
    private const int CandidatePage = 20;

    /// <summary>An operator whose session was seen this recently is present (for callbacks held for them).</summary>
    private static readonly TimeSpan PresentWithin = TimeSpan.FromMinutes(5);

    /// <summary>The rules as saved now.</summary>
    public Task<OutboundRules> RulesAsync(CancellationToken cancellationToken = default) => OutboundRules.LoadAsync(settings, cancellationToken);

    /// <summary>What each write transaction of a rebuild aims to hold the write lock for; the batch size adapts to it.</summary>
    private static readonly TimeSpan WriteTarget = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The least time between two of a rebuild's write transactions. SQLite has no queue of waiting writers: each
    /// polls (Microsoft.Data.Sqlite retries a busy database every 150 ms or so), so back-to-back transactions could
    /// starve an operator's save; a gap this long lets every waiting writer in before the next batch.
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
    // filter. CROSS JOIN keeps SQLite on the written order (the range of households, then each one's members by the
    // HouseholdId index); left to itself, its planner (no statistics) walks every resident by the IsProvisional
    // index for each range. SQL Server reads it as the inner join it is.
    private const string QueueRangeSql = $"""
        SELECT g.HouseholdId, {OutboundQueries.PriorityCase} AS Priority, g.Reasons, h.District, COALESCE(o.Attempts, 0) AS Tries
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
         WHERE (g.Unconfirmed > 0 OR g.Stale > 0)
           AND (o.HouseholdId IS NULL OR o.IsRefused = 0)
        """;

    private const string QueuedRangeSql = """
        SELECT HouseholdId, Priority, Reasons, District, Tries
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
           SET Priority = @Priority, Reasons = @Reasons, District = @District, Tries = @Tries
         WHERE HouseholdId = @HouseholdId
        """;

    private const string InsertQueueRowSql = """
        INSERT INTO OutboundQueue (HouseholdId, Priority, Reasons, District, Tries)
             VALUES (@HouseholdId, @Priority, @Reasons, @District, @Tries)
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
        await using (var update = new PreparedCommand(connection, transaction, UpdateQueueRowSql, "Priority", "Reasons", "District", "Tries", "HouseholdId"))
        await using (var insert = new PreparedCommand(connection, transaction, InsertQueueRowSql, "HouseholdId", "Priority", "Reasons", "District", "Tries"))
        {
            foreach (var (householdId, row) in changes)
            {
                if (row is null)
                {
                    await delete.Set(householdId).ExecuteAsync(cancellationToken);
                }
                else if (await update.Set(row.Priority, row.Reasons, row.District, row.Tries, householdId).ExecuteAsync(cancellationToken) == 0)
                {
                    // Not queued (or dropped by a 「次へ」 since it was read): it is queued now.
                    await insert.Set(householdId, row.Priority, row.Reasons, row.District, row.Tries).ExecuteAsync(cancellationToken);
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
    }

    /// <summary>When the queue was last built (UTC), or null.</summary>
    public async Task<DateTime?> BuiltAtAsync(CancellationToken cancellationToken = default) =>
        ParseBuiltAt(await settings.GetAsync(OutboundRules.QueueBuiltAtKey, cancellationToken));

    private static DateTime? ParseBuiltAt(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at.ToUniversalTime() : null;

    private async Task RebuildIfStaleAsync(OutboundRules rules, DateTime? builtAt, CancellationToken cancellationToken)
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

    private const string ReleaseMineSql = """
        DELETE FROM OutboundClaims
         WHERE UserId = @UserId
        """;

    // The unary plus keeps SQLite's planner (no statistics) on the CallbackAt index rather than walking every
    // household ever tried by the Escalation index.
    private const string CallbackCandidatesSql = """
          SELECT o.HouseholdId
            FROM OutboundHouseholds o
           WHERE o.CallbackAt <= @Now
             AND +o.IsRefused = 0
             AND +o.Escalation = 0
             AND (o.CallbackUserId = @UserId
                  OR o.CallbackUserId IS NULL
                  OR o.CallbackAt <= @HoldCutoff
                  OR NOT EXISTS (SELECT 1
                                   FROM UserSessions s
                                  WHERE s.UserId = o.CallbackUserId
                                    AND s.EndedAt IS NULL
                                    AND s.LastSeenAt >= @PresentSince))
             AND NOT EXISTS (SELECT 1 FROM OutboundClaims c WHERE c.HouseholdId = o.HouseholdId AND c.ExpiresAt > @Now)
        ORDER BY CASE WHEN o.CallbackUserId = @UserId THEN 0 ELSE 1 END, o.CallbackAt, o.HouseholdId
        {page}
        """;

    // A household on a list is the list's alone, whatever its district's assignment says; otherwise its district's.
    // Driven from this operator's (or site's) assignments, not by walking the queue: an operator with none gets an
    // empty answer at once, one with a district walks that district's part of the queue index (the unary plus keeps
    // SQLite's planner off the priority index, which would walk the whole queue).
    private const string AssignedCandidatesSql = """
          SELECT c.HouseholdId
            FROM (SELECT q.HouseholdId, q.Priority, q.Tries
                    FROM OutboundListAssignments l
                    JOIN OutboundQueue q ON q.HouseholdId = l.HouseholdId
                   WHERE (l.UserId = @UserId OR l.Site = @Site)
                     AND q.Priority < 9
                  UNION
                  SELECT q.HouseholdId, q.Priority, q.Tries
                    FROM OutboundQueue q
                   WHERE q.District IN (SELECT a.District FROM OutboundAssignments a WHERE a.UserId = @UserId OR a.Site = @Site)
                     AND +q.Priority < 9
                     AND NOT EXISTS (SELECT 1 FROM OutboundListAssignments l WHERE l.HouseholdId = q.HouseholdId)) c
           WHERE NOT EXISTS (SELECT 1 FROM OutboundClaims k WHERE k.HouseholdId = c.HouseholdId AND k.ExpiresAt > @Now)
             AND NOT EXISTS (SELECT 1
                               FROM OutboundHouseholds o
                              WHERE o.HouseholdId = c.HouseholdId
                                AND (o.Escalation <> 0 OR o.IsRefused = 1 OR o.NextAttemptAt > @Now OR o.CallbackAt IS NOT NULL))
        ORDER BY c.Priority, c.Tries, c.HouseholdId
        {page}
        """;

    private const string OpenCandidatesSql = """
          SELECT q.HouseholdId
            FROM OutboundQueue q
           WHERE q.Priority < 9
             AND NOT EXISTS (SELECT 1 FROM OutboundListAssignments l WHERE l.HouseholdId = q.HouseholdId)
             AND NOT EXISTS (SELECT 1 FROM OutboundAssignments a WHERE a.District = q.District)
             AND NOT EXISTS (SELECT 1 FROM OutboundClaims c WHERE c.HouseholdId = q.HouseholdId AND c.ExpiresAt > @Now)
             AND NOT EXISTS (SELECT 1
                               FROM OutboundHouseholds o
                              WHERE o.HouseholdId = q.HouseholdId
                                AND (o.Escalation <> 0 OR o.IsRefused = 1 OR o.NextAttemptAt > @Now OR o.CallbackAt IS NOT NULL))
        ORDER BY q.Priority, q.Tries, q.HouseholdId
        {page}
        """;

    private const string LivePrioritySql = $"""
        SELECT g.Unconfirmed, g.Stale, g.Reasons, g.HasNumber
          FROM ({OutboundQueries.HouseholdPrioritiesSelect}
                   AND r.HouseholdId = @HouseholdId
              GROUP BY r.HouseholdId) g
        """;

    internal const string DropFromQueueSql = """
        DELETE FROM OutboundQueue
         WHERE HouseholdId = @HouseholdId
        """;

    private const string ClearCallbackSql = """
        UPDATE OutboundHouseholds
           SET CallbackAt = NULL, CallbackUserId = NULL, UpdatedAt = @Now
         WHERE HouseholdId = @HouseholdId
        """;

    private const string DeleteExpiredClaimSql = """
        DELETE FROM OutboundClaims
         WHERE HouseholdId = @HouseholdId
           AND ExpiresAt <= @Now
        """;

    private const string InsertClaimSql = """
        INSERT INTO OutboundClaims (HouseholdId, UserId, Site, ClaimedAt, ExpiresAt)
             VALUES (@HouseholdId, @UserId, @Site, @Now, @ExpiresAt)
        """;

    /// <summary>
    /// 「次へ」: releases what the operator holds and claims the next household for them alone: first a due callback
    /// (the operator's own, or one whose operator is away or let it wait longer than the hold time), then the queue
    /// in priority order (households on lists and in districts assigned to the operator or their site first; those
    /// assigned to others never; a household's list assignment wins over its district's).
    /// Returns an empty result when nothing is left to call.
    /// </summary>
    public async Task<ClaimResult> ClaimNextAsync(OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (by.UserId is not { } userId)
        {
            throw new ArgumentException("A claim needs a signed-in user.", nameof(by));
        }
        // The rules and the queue's stamp come in one read: this is every 「次へ」.
        var values = await OutboundRules.LoadSettingsAsync(settings, cancellationToken);
        var rules = OutboundRules.From(values);
        await RebuildIfStaleAsync(rules, ParseBuiltAt(values.GetValueOrDefault(OutboundRules.QueueBuiltAtKey)), cancellationToken);
        // On SQL Server a lost race on a candidate surfaces as a key violation: start over with a fresh look.
        for (var round = 0; ; round++)
        {
            try
            {
                var claimed = await TryClaimAsync(userId, by, rules, cancellationToken);
                return claimed is { } c
                    ? new ClaimResult(await households.GetHouseholdAsync(c.HouseholdId, cancellationToken), c.IsCallback)
                    : new ClaimResult(null, false);
            }
            catch (DbException) when (round < 5 && connections.Options.Provider == DatabaseProvider.SqlServer)
            {
            }
        }
    }

    private async Task<(int HouseholdId, bool IsCallback)?> TryClaimAsync(int userId, OperatorContext by, OutboundRules rules, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = JapanTime.Today(time);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseMineSql, new { UserId = userId }, transaction, cancellationToken: cancellationToken));
        var args = new
        {
            Now = now, UserId = userId, by.Site, Skip = 0, Take = CandidatePage,
            HoldCutoff = now.AddMinutes(-rules.CallbackHoldMinutes), PresentSince = now - PresentWithin,
        };
        var priority = rules.Parameters(today, now);
        var dialect = connections.Dialect;
        foreach (var (sql, isCallback) in new[] { (CallbackCandidatesSql, true), (AssignedCandidatesSql, false), (OpenCandidatesSql, false) })
        {
            // Candidates that turn out settled are dropped, so another look finds new ones; a few looks are enough.
            for (var look = 0; look < 5; look++)
            {
                var candidates = (await connection.QueryAsync<int>(new CommandDefinition(dialect.Render(sql), args, transaction, cancellationToken: cancellationToken))).AsList();
                var dropped = 0;
                foreach (var householdId in candidates)
                {
                    var live = await connection.QuerySingleOrDefaultAsync<LivePriority>(new CommandDefinition(LivePrioritySql,
                        new { priority.UseVulnerable, priority.UseAlone, priority.OldBornBy, priority.InfantBornAfter, priority.ReconfirmBefore, HouseholdId = householdId },
                        transaction, cancellationToken: cancellationToken));
                    if (live is null || (live.Unconfirmed == 0 && live.Stale == 0) || live.HasNumber == 0)
                    {
                        // Settled since the queue was built (confirmed on an inbound call, say): it leaves the queue.
                        await connection.ExecuteAsync(new CommandDefinition(isCallback ? ClearCallbackSql : DropFromQueueSql,
                            new { HouseholdId = householdId, Now = now }, transaction, cancellationToken: cancellationToken));
                        dropped++;
                        continue;
                    }
                    var claim = new { HouseholdId = householdId, UserId = userId, by.Site, Now = now, ExpiresAt = now.AddMinutes(rules.ClaimMinutes) };
                    await connection.ExecuteAsync(new CommandDefinition(DeleteExpiredClaimSql, claim, transaction, cancellationToken: cancellationToken));
                    await connection.ExecuteAsync(new CommandDefinition(InsertClaimSql, claim, transaction, cancellationToken: cancellationToken));
                    await AuditRepository.WriteAsync(connection, transaction, new AuditEntry
                    {
                        OccurredAt = now, UserId = userId, UserName = by.UserName, Site = by.Site,
                        Action = AuditActions.ClaimHousehold, TargetType = "household", TargetId = Id(householdId),
                        Details = isCallback ? "callback" : $"until {claim.ExpiresAt:O}",
                    }, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return (householdId, isCallback);
                }
                if (dropped == 0 || candidates.Count < CandidatePage)
                {
                    break;
                }
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    internal const string ReleaseSql = """
        DELETE FROM OutboundClaims
         WHERE HouseholdId = @HouseholdId
           AND UserId = @UserId
        """;

    /// <summary>Gives a household back to the queue (the operator's claim only).</summary>
    public async Task<bool> ReleaseAsync(int householdId, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var released = await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { HouseholdId = householdId, by.UserId }, transaction, cancellationToken: cancellationToken)) > 0;
        if (released)
        {
            await AuditRepository.WriteAsync(connection, transaction, new AuditEntry
            {
                OccurredAt = now, UserId = by.UserId, UserName = by.UserName, Site = by.Site,
                Action = AuditActions.ReleaseHousehold, TargetType = "household", TargetId = Id(householdId),
            }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return released;
    }

    private const string HeldBySql = """
          SELECT HouseholdId
            FROM OutboundClaims
           WHERE UserId = @UserId
             AND ExpiresAt > @Now
        ORDER BY ClaimedAt DESC
        """;

    /// <summary>The household the operator holds now (after coming back from the call form, say), or null.</summary>
    public async Task<OutboundHousehold?> HeldByAsync(int userId, CancellationToken cancellationToken = default)
    {
        int? householdId;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            householdId = await connection.QueryFirstOrDefaultAsync<int?>(new CommandDefinition(HeldBySql,
                new { UserId = userId, Now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        }
        return householdId is { } id ? await households.GetHouseholdAsync(id, cancellationToken) : null;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed class LivePriority
    {
        public int Unconfirmed { get; init; }
        public int Stale { get; init; }
        public int Reasons { get; init; }
        public int HasNumber { get; init; }
    }
}
