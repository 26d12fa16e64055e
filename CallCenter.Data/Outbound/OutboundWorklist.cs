using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// The operators' side of outbound calling: handing out the next household (claimed for one operator alone until the
/// claim expires or is released), from the queue <see cref="OutboundQueue"/> builds. Outcomes are recorded by
/// <see cref="OutboundAttempts"/>; a household is read by <see cref="OutboundHouseholdView"/>.
/// </summary>
/// <remarks>
/// A claim is exclusive because OutboundClaims has the household as its primary key: taking a household is an
/// INSERT, inside a write transaction (BEGIN IMMEDIATE on SQLite, so claimers queue up; on SQL Server two claimers
/// may pick the same candidate and the second INSERT fails on the key, and that claimer tries again).
/// </remarks>
public sealed class OutboundWorklist(ConnectionFactory connections, SettingsRepository settings, TimeProvider time)
{
    // The queue and a household reader over the same connections and clock: composed here so that every caller builds the worklist alike.
    private readonly OutboundHouseholdView households = new(connections);
    private readonly OutboundQueue queue = new(connections, settings, time);

    /// <summary>Candidates read per look at the queue (some may turn out settled since the queue was built).</summary>
    private const int CandidatePage = 20;

    /// <summary>An operator whose session was seen this recently is present (for callbacks held for them).</summary>
    private static readonly TimeSpan PresentWithin = TimeSpan.FromMinutes(5);

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
             AND NOT EXISTS (SELECT 1 FROM OutboundClaims c WHERE c.HouseholdId = o.HouseholdId AND c.ExpiresAt > @Now)/*household-towns*/
        ORDER BY CASE WHEN o.CallbackUserId = @UserId THEN 0 ELSE 1 END, o.CallbackAt, o.HouseholdId
        {page}
        """;

    // A household on a list is the list's alone, whatever its district's assignment says; otherwise its district's
    // (a district of its own town: the same name in two towns is two districts).
    // Driven from this operator's (or site's) assignments, not by walking the queue: an operator with none gets an
    // empty answer at once, one with a district walks that town's district's part of the queue index (the unary plus
    // keeps SQLite's planner off the priority index, which would walk the whole queue). /*towns*/ limits both parts to
    // the operator's towns (an assignment of another town's district never hands its households out).
    private const string AssignedCandidatesSql = """
          SELECT c.HouseholdId
            FROM (SELECT q.HouseholdId, q.Priority, q.Tries
                    FROM OutboundListAssignments l
                    JOIN OutboundQueue q ON q.HouseholdId = l.HouseholdId
                   WHERE (l.UserId = @UserId OR l.Site = @Site)
                     AND q.Priority < 9/*towns*/
                  UNION
                  SELECT q.HouseholdId, q.Priority, q.Tries
                    FROM OutboundAssignments a
                    JOIN OutboundQueue q ON q.TownId = a.TownId AND q.District = a.District
                   WHERE (a.UserId = @UserId OR a.Site = @Site)
                     AND +q.Priority < 9/*towns*/
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
           WHERE q.Priority < 9/*towns*/
             AND NOT EXISTS (SELECT 1 FROM OutboundListAssignments l WHERE l.HouseholdId = q.HouseholdId)
             AND NOT EXISTS (SELECT 1 FROM OutboundAssignments a WHERE a.District = q.District AND a.TownId = q.TownId)
             AND NOT EXISTS (SELECT 1 FROM OutboundClaims c WHERE c.HouseholdId = q.HouseholdId AND c.ExpiresAt > @Now)
             AND NOT EXISTS (SELECT 1
                               FROM OutboundHouseholds o
                              WHERE o.HouseholdId = q.HouseholdId
                                AND (o.Escalation <> 0 OR o.IsRefused = 1 OR o.NextAttemptAt > @Now OR o.CallbackAt IS NOT NULL))
        ORDER BY q.Priority, q.Tries, q.HouseholdId
        {page}
        """;

    private const string LivePrioritySql = $"""
        SELECT g.Unconfirmed, g.Stale, g.Reasons, g.HasNumber, CASE WHEN {OutboundQueries.CampaignNeed} THEN 1 ELSE 0 END AS InCampaign,
               CASE WHEN {OutboundQueries.ReturnedMailNeed} THEN 1 ELSE 0 END AS MailReturned
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
    /// Returns an empty result when nothing is left to call. Only households of <paramref name="scope"/>'s towns are
    /// candidates: the town test is in each candidate statement, inside the claim's write transaction, so no race can
    /// hand an operator a household of another town.
    /// </summary>
    public async Task<ClaimResult> ClaimNextAsync(OperatorContext by, TownScope scope, CancellationToken cancellationToken = default)
    {
        if (by.UserId is not { } userId)
        {
            throw new ArgumentException("A claim needs a signed-in user.", nameof(by));
        }
        // The rules and the queue's stamp come in one read: this is every 「次へ」.
        var values = await OutboundRules.LoadSettingsAsync(settings, cancellationToken);
        var rules = OutboundRules.From(values);
        await queue.RebuildIfStaleAsync(rules, OutboundQueue.ParseBuiltAt(values.GetValueOrDefault(OutboundRules.QueueBuiltAtKey)), cancellationToken);
        // On SQL Server a lost race on a candidate surfaces as a key violation: start over with a fresh look.
        for (var round = 0; ; round++)
        {
            try
            {
                var claimed = await TryClaimAsync(userId, by, scope, rules, cancellationToken);
                return claimed is { } c
                    ? new ClaimResult(await households.GetHouseholdAsync(c.HouseholdId, scope, cancellationToken), c.IsCallback)
                    : new ClaimResult(null, false);
            }
            catch (DbException e) when (round < 5 && connections.Dialect.IsDuplicateKey(e))
            {
            }
        }
    }

    private async Task<(int HouseholdId, bool IsCallback)?> TryClaimAsync(int userId, OperatorContext by, TownScope scope, OutboundRules rules,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = JapanTime.Today(time);
        await using var write = await AuditedWrite.BeginAsync(connections, now, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseMineSql, new { UserId = userId }, transaction, cancellationToken: cancellationToken));
        var args = new
        {
            Now = now, UserId = userId, by.Site, Skip = 0, Take = CandidatePage,
            HoldCutoff = now.AddMinutes(-rules.CallbackHoldMinutes), PresentSince = now - PresentWithin, scope.TownIds,
        };
        var priority = rules.Parameters(today, now);
        var dialect = connections.Dialect;
        foreach (var (sql, isCallback) in new[] { (CallbackCandidatesSql, true), (AssignedCandidatesSql, false), (OpenCandidatesSql, false) })
        {
            // Candidates that turn out settled are dropped, so another look finds new ones; a few looks are enough.
            for (var look = 0; look < 5; look++)
            {
                var candidates = (await connection.QueryAsync<int>(new CommandDefinition(dialect.Render(InScope(sql, scope)), args, transaction,
                    cancellationToken: cancellationToken))).AsList();
                var dropped = 0;
                foreach (var householdId in candidates)
                {
                    var live = await connection.QuerySingleOrDefaultAsync<LivePriority>(new CommandDefinition(LivePrioritySql,
                        new { priority.UseVulnerable, priority.UseAlone, priority.OldBornBy, priority.InfantBornAfter, priority.ReconfirmBefore, HouseholdId = householdId },
                        transaction, cancellationToken: cancellationToken));
                    if (live is null || (live.Unconfirmed == 0 && live.Stale == 0 && live.InCampaign == 0 && live.MailReturned == 0) || live.HasNumber == 0)
                    {
                        // Settled since the queue was built (confirmed on an inbound call, say, or its campaign's answer
                        // recorded, or the campaign ended, or a new 送付先 recorded): it leaves the queue.
                        await connection.ExecuteAsync(new CommandDefinition(isCallback ? ClearCallbackSql : DropFromQueueSql,
                            new { HouseholdId = householdId, Now = now }, transaction, cancellationToken: cancellationToken));
                        dropped++;
                        continue;
                    }
                    var claim = new { HouseholdId = householdId, UserId = userId, by.Site, Now = now, ExpiresAt = now.AddMinutes(rules.ClaimMinutes) };
                    await connection.ExecuteAsync(new CommandDefinition(DeleteExpiredClaimSql, claim, transaction, cancellationToken: cancellationToken));
                    await connection.ExecuteAsync(new CommandDefinition(InsertClaimSql, claim, transaction, cancellationToken: cancellationToken));
                    await write.AuditAsync(AuditActions.ClaimHousehold, "household", Id(householdId),
                        details: isCallback ? "折り返しの予定" : $"担当期限 {AuditDetails.Time(claim.ExpiresAt)}");
                    await write.CommitAsync();
                    return (householdId, isCallback);
                }
                if (dropped == 0 || candidates.Count < CandidatePage)
                {
                    break;
                }
            }
        }
        await write.CommitAsync();
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
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var released = await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { HouseholdId = householdId, by.UserId }, transaction, cancellationToken: cancellationToken)) > 0;
        if (released)
        {
            await write.AuditAsync(AuditActions.ReleaseHousehold, "household", Id(householdId));
        }
        await write.CommitAsync();
        return released;
    }

    private const string HeldBySql = """
          SELECT HouseholdId
            FROM OutboundClaims
           WHERE UserId = @UserId
             AND ExpiresAt > @Now
        ORDER BY ClaimedAt DESC
        """;

    /// <summary>
    /// A candidate statement limited to <paramref name="scope"/>'s towns: the queue's town at /*towns*/, the household's
    /// at /*household-towns*/ (callbacks, which are not read from the queue); the all-towns rendering has no town test.
    /// </summary>
    internal static string InScope(string sql, TownScope scope) => scope.IsAll
        ? sql.Replace("/*towns*/", "", StringComparison.Ordinal).Replace("/*household-towns*/", "", StringComparison.Ordinal)
        : sql.Replace("/*towns*/", scope.Filter("q.TownId"), StringComparison.Ordinal)
            .Replace("/*household-towns*/", "\n             AND EXISTS (SELECT 1 FROM Households h WHERE h.HouseholdId = o.HouseholdId AND h.TownId IN @TownIds)",
                StringComparison.Ordinal);

    /// <summary>The household the operator holds now (after coming back from the call form, say) if it is in <paramref name="scope"/>, or null.</summary>
    public async Task<OutboundHousehold?> HeldByAsync(int userId, TownScope scope, CancellationToken cancellationToken = default)
    {
        int? householdId;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            householdId = await connection.QueryFirstOrDefaultAsync<int?>(new CommandDefinition(HeldBySql,
                new { UserId = userId, Now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        }
        return householdId is { } id ? await households.GetHouseholdAsync(id, scope, cancellationToken) : null;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed class LivePriority
    {
        public int Unconfirmed { get; init; }
        public int Stale { get; init; }
        public int Reasons { get; init; }
        public int HasNumber { get; init; }
        public int InCampaign { get; init; }
        public int MailReturned { get; init; }
    }
}
