using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>The supervisors' figures of outbound calling: the queue by priority, today's attempts and outcomes, callbacks, claims and households needing a number.</summary>
public sealed class OutboundFigures(ConnectionFactory connections, TimeProvider time)
{
    private const string QueueByPrioritySql = """
          SELECT q.Priority, COUNT(*) AS Households
            FROM OutboundQueue q
           WHERE NOT EXISTS (SELECT 1
                               FROM OutboundHouseholds o
                              WHERE o.HouseholdId = q.HouseholdId
                                AND (o.Escalation <> 0 OR o.IsRefused = 1)) /*towns*/
        GROUP BY q.Priority
        ORDER BY q.Priority
        """;

    private const string OutcomesSinceSql = """
          SELECT a.Outcome, COUNT(*) AS Attempts
            FROM OutboundAttempts a
           WHERE a.AttemptedAt >= @Since /*household-towns*/
        GROUP BY a.Outcome
        """;

    private const string CallbackCountsSql = """
        SELECT SUM(CASE WHEN a.CallbackAt <= @Now THEN 1 ELSE 0 END) AS Due,
               SUM(CASE WHEN a.CallbackAt > @Now THEN 1 ELSE 0 END) AS Later
          FROM OutboundHouseholds a
         WHERE a.CallbackAt IS NOT NULL
           AND a.IsRefused = 0
           AND a.Escalation = 0 /*household-towns*/
        """;

    private const string ClaimedNowSql = """
        SELECT COUNT(*)
          FROM OutboundClaims a
         WHERE a.ExpiresAt > @Now /*household-towns*/
        """;

    private const string EscalatedCountSql = """
        SELECT COUNT(*)
          FROM OutboundHouseholds a
         WHERE a.Escalation <> 0
           AND a.IsRefused = 0 /*household-towns*/
        """;

    /// <summary>
    /// A figure statement limited to <paramref name="scope"/>'s towns: the queue's town at /*towns*/, the household's
    /// (of a row aliased a) at /*household-towns*/; the all-towns rendering has no town test.
    /// </summary>
    private static string InScope(string sql, TownScope scope) => scope.IsAll
        ? sql.Replace("/*towns*/", "", StringComparison.Ordinal).Replace("/*household-towns*/", "", StringComparison.Ordinal)
        : sql.Replace("/*towns*/", scope.Filter("q.TownId"), StringComparison.Ordinal)
            .Replace("/*household-towns*/", "\n           AND a.HouseholdId IN (SELECT h.HouseholdId FROM Households h WHERE h.TownId IN @TownIds)", StringComparison.Ordinal);

    /// <summary>The figures now of <paramref name="scope"/>'s towns' households; "today" is the Japan day.</summary>
    public async Task<CampaignFigures> FiguresAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var now = time.GetUtcNow().UtcDateTime;
        var since = JapanTime.StartOfDayUtc(JapanTime.Today(time));
        await using var connection = await connections.OpenAsync(cancellationToken);
        var queue = (await connection.QueryAsync<(int Priority, int Households)>(new CommandDefinition(InScope(QueueByPrioritySql, scope), new { scope.TownIds }, cancellationToken: cancellationToken)))
            .Select(q => new PriorityCount(q.Priority, q.Households)).ToList();
        var outcomes = (await connection.QueryAsync<(int Outcome, int Attempts)>(new CommandDefinition(InScope(OutcomesSinceSql, scope), new { Since = since, scope.TownIds }, cancellationToken: cancellationToken)))
            .Select(o => new OutcomeCount((OutboundOutcome)o.Outcome, o.Attempts)).OrderBy(o => o.Outcome).ToList();
        var callbacks = await connection.QuerySingleAsync<(int? Due, int? Later)>(new CommandDefinition(InScope(CallbackCountsSql, scope), new { Now = now, scope.TownIds }, cancellationToken: cancellationToken));
        var claimed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(InScope(ClaimedNowSql, scope), new { Now = now, scope.TownIds }, cancellationToken: cancellationToken));
        var escalated = await connection.ExecuteScalarAsync<int>(new CommandDefinition(InScope(EscalatedCountSql, scope), new { scope.TownIds }, cancellationToken: cancellationToken));
        var noNumber = queue.Where(q => q.Priority == OutboundPriority.NoNumber).Sum(q => q.Households);
        return new CampaignFigures(queue, outcomes.Sum(o => o.Attempts), outcomes.Where(o => o.Outcome == OutboundOutcome.Connected).Sum(o => o.Attempts),
            outcomes, callbacks.Due ?? 0, callbacks.Later ?? 0, claimed, escalated + noNumber);
    }
}
