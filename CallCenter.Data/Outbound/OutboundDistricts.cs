using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// District assignments of outbound calling. A district assigned to operators or sites is handed out only to them
/// (to them before any other district); districts assigned to no one are open to every operator.
/// </summary>
public sealed class OutboundDistricts(ConnectionFactory connections, TimeProvider time)
{
    private const string AssignmentsSql = """
          SELECT a.AssignmentId, a.District, a.UserId, u.DisplayName AS UserDisplayName, a.Site, a.CreatedAt, a.CreatedBy
            FROM OutboundAssignments a
            LEFT JOIN Users u ON u.UserId = a.UserId
        ORDER BY a.District, a.AssignmentId
        """;

    /// <summary>Every district assignment.</summary>
    public async Task<IReadOnlyList<OutboundAssignment>> AssignmentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OutboundAssignment>(new CommandDefinition(AssignmentsSql, cancellationToken: cancellationToken))).AsList();
    }

    // From the dashboard's summary rather than a DISTINCT over every household (150 ms at 1,000,000 residents).
    private const string DistrictsSql = """
          SELECT DISTINCT District
            FROM ResidentCounts
           WHERE District <> ''
        ORDER BY District
        """;

    /// <summary>The districts registered residents live in.</summary>
    public async Task<IReadOnlyList<string>> DistrictsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(DistrictsSql, cancellationToken: cancellationToken))).AsList();
    }

    private const string InsertAssignmentSql = """
        INSERT INTO OutboundAssignments (District, UserId, Site, CreatedAt, CreatedBy)
             VALUES (@District, @UserId, @Site, @Now, @CreatedBy)
        """;

    /// <summary>Assigns a district to an operator or a site (exactly one of them).</summary>
    public async Task<string?> AssignAsync(string district, int? userId, string? site, OperatorContext by, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(district))
        {
            return "行政区を選んでください。";
        }
        if ((userId is null) == string.IsNullOrWhiteSpace(site))
        {
            return "オペレーターか拠点のどちらか一方を選んでください。";
        }
        if ((TextSafety.FieldProblem("行政区", district) ?? TextSafety.FieldProblem("拠点", site)) is { } unsafeText)
        {
            return unsafeText;
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);
        await connection.ExecuteAsync(new CommandDefinition(InsertAssignmentSql,
            new { District = district.Trim(), UserId = userId, Site = string.IsNullOrWhiteSpace(site) ? null : site.Trim(), Now = now, CreatedBy = by.UserName },
            transaction, cancellationToken: cancellationToken));
        await write.AuditAsync(AuditActions.OutboundAssign, "district", district.Trim(),
            details: $"担当 {(userId is { } u ? await write.StaffLabelAsync(u) : $"拠点 {site!.Trim()}")}");
        await write.CommitAsync();
        return null;
    }

    private const string DeleteAssignmentSql = """
        DELETE FROM OutboundAssignments
         WHERE AssignmentId = @AssignmentId
        """;

    /// <summary>Removes an assignment: the district is open to everyone again (unless assigned otherwise).</summary>
    public async Task UnassignAsync(int assignmentId, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (await connection.ExecuteAsync(new CommandDefinition(DeleteAssignmentSql, new { AssignmentId = assignmentId }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            await write.AuditAsync(AuditActions.OutboundAssign, "assignment", assignmentId.ToString(CultureInfo.InvariantCulture), details: "割り当てを解除");
        }
        await write.CommitAsync();
    }
}
