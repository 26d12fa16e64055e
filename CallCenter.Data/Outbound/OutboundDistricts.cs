using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// District assignments of outbound calling. A district assigned to operators or sites is handed out only to them
/// (to them before any other district); districts assigned to no one are open to every operator.
/// </summary>
public sealed class OutboundDistricts(ConnectionFactory connections, TimeProvider time)
{
    private const string AssignmentsSql = """
          SELECT a.AssignmentId, a.District, a.TownId, a.UserId, u.DisplayName AS UserDisplayName, a.Site, a.CreatedAt, a.CreatedBy
            FROM OutboundAssignments a
            LEFT JOIN Users u ON u.UserId = a.UserId
           WHERE 1 = 1 /*towns*/
        ORDER BY a.TownId, a.District, a.AssignmentId
        """;

    /// <summary>The district assignments of <paramref name="scope"/>'s towns.</summary>
    public async Task<IReadOnlyList<OutboundAssignment>> AssignmentsAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OutboundAssignment>(new CommandDefinition(TownFilter.Apply(AssignmentsSql, scope, "a.TownId"), new { scope.TownIds },
            cancellationToken: cancellationToken))).AsList();
    }

    // From the dashboard's summary rather than a DISTINCT over every household (150 ms at 1,000,000 residents).
    private const string DistrictsSql = """
          SELECT DISTINCT TownId, District
            FROM ResidentCounts
           WHERE District <> '' /*towns*/
        ORDER BY TownId, District
        """;

    /// <summary>
    /// The districts registered residents live in, each with its town (a district of the same name in two towns is two
    /// districts), of <paramref name="scope"/>'s towns.
    /// </summary>
    public async Task<IReadOnlyList<OutboundDistrict>> DistrictsAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OutboundDistrict>(new CommandDefinition(TownFilter.Apply(DistrictsSql, scope), new { scope.TownIds },
            cancellationToken: cancellationToken))).AsList();
    }

    private const string InsertAssignmentSql = """
        INSERT INTO OutboundAssignments (District, TownId, UserId, Site, CreatedAt, CreatedBy)
             VALUES (@District, @TownId, @UserId, @Site, @Now, @CreatedBy)
        """;

    /// <summary>
    /// Assigns a district of a town to an operator or a site (exactly one of them). The town must be in
    /// <paramref name="scope"/> (the supervisor's towns) and, for an operator, in the operator's towns; returns the
    /// error, or null when assigned.
    /// </summary>
    public async Task<string?> AssignAsync(TownScope scope, int townId, string district, int? userId, string? site, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (string.IsNullOrWhiteSpace(district))
        {
            return "行政区を選んでください。";
        }
        if (!scope.Includes(townId))
        {
            return "選んだ行政区の町が見つかりません。";
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
        var joint = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM Towns", transaction: transaction,
            cancellationToken: cancellationToken)) > 1;
        if (userId is { } operatorId && !await OutboundTowns.UserMaySeeAsync(connection, transaction, operatorId, townId, cancellationToken))
        {
            var problem = OutboundTowns.NotTheirTown(await write.StaffLabelAsync(operatorId), await OutboundTowns.NameAsync(connection, transaction, townId, cancellationToken));
            await write.RollbackAsync();
            return problem;
        }
        await connection.ExecuteAsync(new CommandDefinition(InsertAssignmentSql,
            new { District = district.Trim(), TownId = townId, UserId = userId, Site = string.IsNullOrWhiteSpace(site) ? null : site.Trim(), Now = now, CreatedBy = by.UserName },
            transaction, cancellationToken: cancellationToken));
        var town = joint ? $"{await OutboundTowns.NameAsync(connection, transaction, townId, cancellationToken)}・" : "";
        await write.AuditAsync(AuditActions.OutboundAssign, "district", district.Trim(),
            details: $"{town}担当 {(userId is { } u ? await write.StaffLabelAsync(u) : $"拠点 {site!.Trim()}")}");
        await write.CommitAsync();
        return null;
    }

    private const string DeleteAssignmentSql = """
        DELETE FROM OutboundAssignments
         WHERE AssignmentId = @AssignmentId /*towns*/
        """;

    /// <summary>
    /// Removes an assignment of <paramref name="scope"/>'s towns: the district is open to everyone again (unless
    /// assigned otherwise). An assignment of another town is left as it is (not found).
    /// </summary>
    public async Task UnassignAsync(int assignmentId, TownScope scope, OperatorContext by, CancellationToken cancellationToken = default)
    {
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (await connection.ExecuteAsync(new CommandDefinition(TownFilter.Apply(DeleteAssignmentSql, scope), new { AssignmentId = assignmentId, scope.TownIds }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            await write.AuditAsync(AuditActions.OutboundAssign, "assignment", assignmentId.ToString(CultureInfo.InvariantCulture), details: "割り当てを解除");
        }
        await write.CommitAsync();
    }
}
