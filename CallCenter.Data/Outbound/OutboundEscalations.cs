using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// The 要対応 list of outbound calling: households that need a new number (escalated after no answer or bad numbers,
/// or with no number at all), and putting one back in the queue once a number is found.
/// </summary>
public sealed class OutboundEscalations(ConnectionFactory connections, TimeProvider time)
{
    private const string EscalatedSql = """
          SELECT o.HouseholdId, h.HouseholdNo, h.District, h.TownId,
                 hd.FamilyName AS HeadFamilyName, hd.GivenName AS HeadGivenName,
                 o.Escalation, o.EscalatedAt, o.Attempts, o.LastOutcome
            FROM OutboundHouseholds o
            JOIN Households h ON h.HouseholdId = o.HouseholdId
            LEFT JOIN Residents hd ON hd.ResidentId = (SELECT MIN(r.ResidentId) FROM Residents r WHERE r.HouseholdId = h.HouseholdId AND r.Relationship = @Head)
           WHERE o.Escalation <> 0
             AND o.IsRefused = 0 /*towns*/
        ORDER BY o.EscalatedAt DESC, o.HouseholdId
        {page}
        """;

    private const string NoNumberSql = """
          SELECT q.HouseholdId, h.HouseholdNo, h.District, h.TownId,
                 hd.FamilyName AS HeadFamilyName, hd.GivenName AS HeadGivenName,
                 0 AS Escalation, 0 AS Attempts
            FROM OutboundQueue q
            JOIN Households h ON h.HouseholdId = q.HouseholdId
            LEFT JOIN Residents hd ON hd.ResidentId = (SELECT MIN(r.ResidentId) FROM Residents r WHERE r.HouseholdId = h.HouseholdId AND r.Relationship = @Head)
           WHERE q.Priority = 9 /*towns*/
        ORDER BY h.HouseholdNo
        {page}
        """;

    /// <summary>
    /// Households of <paramref name="scope"/>'s towns needing a new number: escalated ones (newest first), then those
    /// with no number at all.
    /// </summary>
    public async Task<IReadOnlyList<EscalatedHousehold>> NeedingNumbersAsync(TownScope scope, int take = 200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var args = new { Skip = 0, Take = take, Head = "世帯主", scope.TownIds };
        var list = (await connection.QueryAsync<EscalatedHousehold>(new CommandDefinition(connections.Dialect.Render(TownFilter.Apply(EscalatedSql, scope, "h.TownId")), args,
            cancellationToken: cancellationToken))).AsList();
        if (list.Count < take)
        {
            list.AddRange(await connection.QueryAsync<EscalatedHousehold>(new CommandDefinition(connections.Dialect.Render(TownFilter.Apply(NoNumberSql, scope, "h.TownId")),
                new { Skip = 0, Take = take - list.Count, Head = "世帯主", scope.TownIds }, cancellationToken: cancellationToken)));
        }
        return list;
    }

    private const string RequeueSql = """
        UPDATE OutboundHouseholds
           SET Escalation = 0, EscalatedAt = NULL, CountFrom = @Now, NextAttemptAt = NULL, UpdatedAt = @Now
         WHERE HouseholdId = @HouseholdId
           AND Escalation <> 0
           AND HouseholdId IN (SELECT h.HouseholdId FROM Households h WHERE h.HouseholdId = @HouseholdId /*towns*/)
        """;

    private const string ForgetBadNumbersSql = """
        DELETE FROM OutboundBadNumbers
         WHERE HouseholdId = @HouseholdId
        """;

    /// <summary>
    /// Puts an escalated household back in the queue (after a new number was found): its no-answer count starts
    /// again; with <paramref name="forgetBadNumbers"/> its wrong/out-of-service marks are cleared too. A household of a
    /// town outside <paramref name="scope"/> is not found (false, nothing written).
    /// </summary>
    public async Task<bool> RequeueAsync(int householdId, TownScope scope, bool forgetBadNumbers, OperatorContext by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        var args = new { HouseholdId = householdId, Now = now, scope.TownIds };
        var done = await connection.ExecuteAsync(new CommandDefinition(TownFilter.Apply(RequeueSql, scope, "h.TownId"), args, transaction, cancellationToken: cancellationToken)) > 0;
        if (done && forgetBadNumbers)
        {
            await connection.ExecuteAsync(new CommandDefinition(ForgetBadNumbersSql, args, transaction, cancellationToken: cancellationToken));
        }
        if (done)
        {
            await write.AuditAsync(AuditActions.OutboundRequeue, "household", householdId.ToString(CultureInfo.InvariantCulture),
                details: forgetBadNumbers ? "つながらなかった番号の記録を消去" : null);
        }
        await write.CommitAsync();
        return done;
    }
}
