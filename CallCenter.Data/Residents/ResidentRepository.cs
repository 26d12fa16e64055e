using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Residents;

/// <summary>Reads residents and the register's totals.</summary>
public sealed class ResidentRepository(ConnectionFactory connections)
{
    // Provisional persons (not in the register) are left out of the register's totals.
    // From the dashboard's summaries (registered residents kept exact by triggers and the register import, the
    // household total rebuilt by the import, their only writer): the start page opens often, and counting the
    // register itself takes ~250 ms at 1,000,000 residents, counting its households tens of milliseconds.
    // The whole town's roll-up (db/*/0014: status × vulnerability × whereabouts, a few hundred rows at any register size),
    // not ResidentCounts, whose district buckets grow with the register (~41,000 rows at 1,000,000 residents).
    private const string CountsSql = """
        SELECT COALESCE(SUM(Residents), 0) AS Residents,
               COALESCE(SUM(CASE WHEN Status <> 0 THEN Residents ELSE 0 END), 0) AS Confirmed,
               COALESCE((SELECT Households FROM RegisterTotals WHERE TotalsId = 1), 0) AS Households
          FROM RegisterCounts
        """;

    /// <summary>Residents, households and confirmed residents in the register.</summary>
    public async Task<TownCounts> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<CountsRow>(new CommandDefinition(CountsSql, cancellationToken: cancellationToken));
        return new TownCounts((int)row.Residents, (int)row.Households, (int)row.Confirmed);
    }

    private sealed class CountsRow
    {
        public long Residents { get; init; }
        public long Confirmed { get; init; }
        public long Households { get; init; }
    }

    private const string FindIdByNumberSql = """
        SELECT ResidentId
          FROM Residents
         WHERE ResidentNo = @ResidentNo
        """;

    /// <summary>The id of the resident with a resident number, or null.</summary>
    public Task<int?> FindIdByNumberAsync(string residentNo, CancellationToken cancellationToken = default) =>
        SingleOrDefaultAsync<int?>(FindIdByNumberSql, new { ResidentNo = residentNo }, cancellationToken);

    private const string FindNumberByIdSql = """
        SELECT ResidentNo
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    /// <summary>The resident number of a resident id (for a merged provisional person's target), or null.</summary>
    public Task<string?> FindNumberByIdAsync(int residentId, CancellationToken cancellationToken = default) =>
        SingleOrDefaultAsync<string?>(FindNumberByIdSql, new { ResidentId = residentId }, cancellationToken);

    /// <summary>One value looked up on a connection of its own, or the default when no row matches.</summary>
    private async Task<T?> SingleOrDefaultAsync<T>(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private const string TownsOfNumberSql = """
        SELECT r.TownId
          FROM Residents r
         WHERE r.ResidentNo = @ResidentNo
        """;

    /// <summary>
    /// The towns of <paramref name="scope"/> whose register holds this resident number, ascending: none (not found, or
    /// outside the scope: the caller answers 404), one, or several (the same number in two towns: ask which).
    /// </summary>
    public async Task<IReadOnlyList<int>> TownsOfNumberAsync(string residentNo, TownScope scope, CancellationToken cancellationToken = default)
    {
        if (scope.TownIds is { Count: 0 } || residentNo.Length is 0 or > 50)
        {
            return [];
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        return [.. (await connection.QueryAsync<int>(new CommandDefinition(TownsOfNumberSql + scope.Filter("r.TownId"),
            new { ResidentNo = residentNo, scope.TownIds }, cancellationToken: cancellationToken))).Order()];
    }

    private const string DetailSql = $"""
        SELECT {ResidentSearch.Columns}, r.CreatedAt, r.UpdatedAt, r.Address, r.VulnerableReason, r.StatusSource
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId AND h.TownId = r.TownId
         WHERE r.ResidentNo = @ResidentNo
        """;

    /// <summary>A resident by resident number in any town, or null (none, or the number is in several towns).</summary>
    public Task<ResidentDetail?> GetDetailAsync(string residentNo, CancellationToken cancellationToken = default) =>
        GetDetailAsync(residentNo, TownScope.All, null, cancellationToken);

    /// <summary>
    /// A resident by resident number within <paramref name="scope"/>, in <paramref name="townId"/> when given; null when
    /// there is none there, or when the number is in several of the scope's towns and no town was named
    /// (<see cref="TownsOfNumberAsync"/> tells which). A household is joined only within the resident's own town.
    /// </summary>
    public async Task<ResidentDetail?> GetDetailAsync(string residentNo, TownScope scope, int? townId, CancellationToken cancellationToken = default)
    {
        if (scope.TownIds is { Count: 0 } || townId is { } asked && !scope.Includes(asked))
        {
            return null;
        }
        var sql = DetailSql + scope.Filter("r.TownId") + (townId is null ? "" : " AND r.TownId = @TownId");
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One row, split into the summary (the search's columns) and the detail's own columns from CreatedAt on
        // (Dapper maps a part to null when its first column is NULL, so the split is on a NOT NULL column).
        var rows = (await connection.QueryAsync<ResidentSummary, DetailColumns, ResidentDetail>(new CommandDefinition(sql,
            new { ResidentNo = residentNo, scope.TownIds, TownId = townId }, cancellationToken: cancellationToken),
            (summary, detail) => new ResidentDetail
            {
                Summary = summary,
                Address = detail.Address,
                VulnerableReason = detail.VulnerableReason,
                StatusSource = detail.StatusSource,
                CreatedAt = detail.CreatedAt,
                UpdatedAt = detail.UpdatedAt,
            },
            splitOn: nameof(DetailColumns.CreatedAt))).AsList();
        return rows.Count == 1 ? rows[0] : null;
    }

    // +r.TownId: the members are found by IX_Residents_HouseholdId. Without statistics SQLite otherwise reads the
    // household's row first and then the whole town through IX_Residents_TownId (3 ms at 11,500 residents, on every
    // resident page and call form; see StatusListMatching for the same steer).
    private const string HouseholdMembersSql = $"""
          SELECT {ResidentSearch.Columns}
            FROM Residents r
            LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
           WHERE r.HouseholdId = @HouseholdId
             AND +r.TownId = h.TownId
             AND r.MergedIntoResidentId IS NULL
        ORDER BY r.BirthDate, r.ResidentNo
        """;

    /// <summary>Everyone in a household, oldest first (a household never spans towns: a member of another town is not shown).</summary>
    public async Task<IReadOnlyList<ResidentSummary>> HouseholdMembersAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ResidentSummary>(new CommandDefinition(HouseholdMembersSql,
            new { HouseholdId = householdId }, cancellationToken: cancellationToken))).AsList();
    }

    // A resident's calls: calls that discussed them, including any provisional person merged into them. A limited
    // scope (/*scope*/) reads them only when the resident is one of its towns' (a call about one of the scope's residents
    // is the scope's call, see CallLog), so another town's resident id gives no calls, as an unknown one.
    private const string CallsSql = """
          SELECT c.CallId, c.Direction, c.CallerName, c.CallerPhone, c.CallerRelation, u.DisplayName AS OperatorName,
                 c.Site, c.StartedAt, c.Note, c.EndedAt, w.Label AS WrapUpLabel
            FROM Calls c
            LEFT JOIN Users u ON u.UserId = c.OperatorUserId
            LEFT JOIN WrapUpCodes w ON w.WrapUpCodeId = c.WrapUpCodeId
           WHERE (c.CallId IN (SELECT cr.CallId
                                FROM CallResidents cr
                               WHERE cr.ResidentId = @ResidentId
                                  OR cr.ResidentId IN (SELECT m.ResidentId FROM Residents m WHERE m.MergedIntoResidentId = @ResidentId))
              OR c.CallId IN (SELECT sr.CallId
                                FROM SafetyReports sr
                               WHERE sr.ResidentId = @ResidentId
                                  OR sr.ResidentId IN (SELECT m.ResidentId FROM Residents m WHERE m.MergedIntoResidentId = @ResidentId)))
             /*scope*/
        ORDER BY c.StartedAt DESC, c.CallId DESC
        """;

    private const string CallsScopeFilter = """
        AND EXISTS (SELECT 1 FROM Residents x WHERE x.ResidentId = @ResidentId AND x.TownId IN @TownIds)
        """;

    /// <summary>
    /// The calls about a resident, newest first; none when the resident is not of <paramref name="scope"/>'s towns (as for
    /// an unknown id).
    /// </summary>
    public async Task<IReadOnlyList<CallSummary>> CallsAsync(int residentId, TownScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CallSummary>(new CommandDefinition(ScopedCallsSql(scope),
            scope.IsAll ? new { ResidentId = residentId } : new { ResidentId = residentId, scope.TownIds }, cancellationToken: cancellationToken))).AsList();
    }

    private static string ScopedCallsSql(TownScope scope) => CallsSql.Replace("/*scope*/", scope.IsAll ? "" : CallsScopeFilter, StringComparison.Ordinal);

    private const string ProvisionalSql = $"""
          SELECT {ResidentSearch.Columns}
            FROM Residents r
            LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
           WHERE r.IsProvisional = 1
             AND r.MergedIntoResidentId IS NULL/*scope*/
        ORDER BY r.CreatedAt DESC
        """;

    /// <summary>The provisional persons (仮登録) of <paramref name="scope"/>'s towns not yet merged, newest first.</summary>
    public async Task<IReadOnlyList<ResidentSummary>> ProvisionalAsync(TownScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ResidentSummary>(new CommandDefinition(ScopedProvisionalSql(scope),
            scope.IsAll ? null : new { scope.TownIds }, cancellationToken: cancellationToken))).AsList();
    }

    private static string ScopedProvisionalSql(TownScope scope) => ProvisionalSql.Replace("/*scope*/", scope.Filter("r.TownId"), StringComparison.Ordinal);

    /// <summary>The scoped statements as a limited scope sends them (the SQL Server checks parse and bind each).</summary>
    public static IEnumerable<(string Name, string Sql)> TownStatements()
    {
        var scope = TownScope.Only([1, 2]);
        yield return ("Calls.towns", Calls.TownSql.Expanded(ScopedCallsSql(scope)));
        yield return ("Provisional.towns", Calls.TownSql.Expanded(ScopedProvisionalSql(scope)));
    }

    private sealed class DetailColumns
    {
        public string? Address { get; init; }
        public string? VulnerableReason { get; init; }
        public Reports.ReportSource? StatusSource { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
    }
}
