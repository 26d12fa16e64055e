using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Requests;

/// <summary>
/// A household's requests as the resident page and the call form show them: the open ones (受付, 回付, 対応中), urgent
/// and oldest first, and the closed ones (完了, 対応不可), newest first. Reading them is part of the resident view, which is
/// audited where it is read (no audit row of its own).
/// </summary>
public sealed class RequestRepository(ConnectionFactory connections)
{
    private const string OpenOfHouseholdSql = """
           SELECT q.RequestId, q.ResidentId, r.FamilyName, r.GivenName, c.Label AS Category,
                  d.Name AS Department, q.Status, q.IsUrgent, q.Body, q.CreatedAt, u.DisplayName AS CreatedBy, q.ClosedAt
             FROM Requests q
             JOIN RequestCategories c ON c.CategoryId = q.CategoryId
             JOIN Departments d ON d.DepartmentId = q.DepartmentId
        LEFT JOIN Residents r ON r.ResidentId = q.ResidentId
        LEFT JOIN Users u ON u.UserId = q.CreatedBy
            WHERE q.HouseholdId = @HouseholdId
              AND q.Status IN (0, 1, 2)
         ORDER BY q.IsUrgent DESC, q.CreatedAt, q.RequestId
        """;

    /// <summary>The household's open requests (受付, 回付, 対応中): urgent first, then oldest first.</summary>
    public async Task<IReadOnlyList<HouseholdRequest>> OpenOfHouseholdAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<HouseholdRequest>(new CommandDefinition(OpenOfHouseholdSql,
            new { HouseholdId = householdId }, cancellationToken: cancellationToken))];
    }

    private const string ClosedOfHouseholdSql = """
           SELECT q.RequestId, q.ResidentId, r.FamilyName, r.GivenName, c.Label AS Category,
                  d.Name AS Department, q.Status, q.IsUrgent, q.Body, q.CreatedAt, u.DisplayName AS CreatedBy, q.ClosedAt
             FROM Requests q
             JOIN RequestCategories c ON c.CategoryId = q.CategoryId
             JOIN Departments d ON d.DepartmentId = q.DepartmentId
        LEFT JOIN Residents r ON r.ResidentId = q.ResidentId
        LEFT JOIN Users u ON u.UserId = q.CreatedBy
            WHERE q.HouseholdId = @HouseholdId
              AND q.Status IN (3, 4)
         ORDER BY q.ClosedAt DESC, q.RequestId DESC
        """;

    /// <summary>The household's closed requests (完了, 対応不可), most recently closed first.</summary>
    public async Task<IReadOnlyList<HouseholdRequest>> ClosedOfHouseholdAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<HouseholdRequest>(new CommandDefinition(ClosedOfHouseholdSql,
            new { HouseholdId = householdId }, cancellationToken: cancellationToken))];
    }
}
