using CallCenter.Data.Common;
using CallCenter.Data.Database;
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
                                AND (o.Escalation <> 0 OR o.IsRefused = 1))
        GROUP BY q.Priority
        ORDER BY q.Priority
        """;

    private const string OutcomesSinceSql = """
          SELECT Outcome, COUNT(*) AS Attempts
            FROM OutboundAttempts
           WHERE AttemptedAt >= @Since
        GROUP BY Outcome
        """;

    private const string CallbackCountsSql = """
        SELECT SUM(CASE WHEN CallbackAt <= @Now THEN 1 ELSE 0 END) AS Due,
               SUM(CASE WHEN CallbackAt > @Now THEN 1 ELSE 0 END) AS Later
          FROM OutboundHouseholds
         WHERE CallbackAt IS NOT NULL
           AND IsRefused = 0
           AND Escalation = 0
        """;

    private const string ClaimedNowSql = """
        SELECT COUNT(*)
          FROM OutboundClaims
         WHERE ExpiresAt > @Now
        """;

    private const string EscalatedCountSql = """
        SELECT COUNT(*)
          FROM OutboundHouseholds
         WHERE Escalation <> 0
           AND IsRefused = 0
        """;

    /// <summary>The figures now; "today" is the Japan day.</summary>
    public async Task<CampaignFigures> FiguresAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = JapanTime.StartOfDayUtc(JapanTime.Today(time));
        await using var connection = await connections.OpenAsync(cancellationToken);
        var queue = (await connection.QueryAsync<(int Priority, int Households)>(new CommandDefinition(QueueByPrioritySql, cancellationToken: cancellationToken)))
            .Select(q => new PriorityCount(q.Priority, q.Households)).ToList();
        var outcomes = (await connection.QueryAsync<(int Outcome, int Attempts)>(new CommandDefinition(OutcomesSinceSql, new { Since = since }, cancellationToken: cancellationToken)))
            .Select(o => new OutcomeCount((OutboundOutcome)o.Outcome, o.Attempts)).OrderBy(o => o.Outcome).ToList();
        var callbacks = await connection.QuerySingleAsync<(int? Due, int? Later)>(new CommandDefinition(CallbackCountsSql, new { Now = now }, cancellationToken: cancellationToken));
        var claimed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(ClaimedNowSql, new { Now = now }, cancellationToken: cancellationToken));
        var escalated = await connection.ExecuteScalarAsync<int>(new CommandDefinition(EscalatedCountSql, cancellationToken: cancellationToken));
        var noNumber = queue.Where(q => q.Priority == OutboundPriority.NoNumber).Sum(q => q.Households);
        return new CampaignFigures(queue, outcomes.Sum(o => o.Attempts), outcomes.Where(o => o.Outcome == OutboundOutcome.Connected).Sum(o => o.Attempts),
            outcomes, callbacks.Due ?? 0, callbacks.Later ?? 0, claimed, escalated + noNumber);
    }
}
