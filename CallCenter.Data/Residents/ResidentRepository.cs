using CallCenter.Data.Database;
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

    private const string DetailSql = $"""
        SELECT {ResidentSearch.Columns}, r.CreatedAt, r.UpdatedAt, r.Address, r.VulnerableReason, r.StatusSource
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
         WHERE r.ResidentNo = @ResidentNo
        """;

    /// <summary>A resident by resident number, or null.</summary>
    public async Task<ResidentDetail?> GetDetailAsync(string residentNo, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One row, split into the summary (the search's columns) and the detail's own columns from CreatedAt on
        // (Dapper maps a part to null when its first column is NULL, so the split is on a NOT NULL column).
        var rows = await connection.QueryAsync<ResidentSummary, DetailColumns, ResidentDetail>(new CommandDefinition(DetailSql,
            new { ResidentNo = residentNo }, cancellationToken: cancellationToken),
            (summary, detail) => new ResidentDetail
            {
                Summary = summary,
                Address = detail.Address,
                VulnerableReason = detail.VulnerableReason,
                StatusSource = detail.StatusSource,
                CreatedAt = detail.CreatedAt,
                UpdatedAt = detail.UpdatedAt,
            },
            splitOn: nameof(DetailColumns.CreatedAt));
        return rows.SingleOrDefault();
    }

    private const string HouseholdMembersSql = $"""
          SELECT {ResidentSearch.Columns}
            FROM Residents r
            LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
           WHERE r.HouseholdId = @HouseholdId
             AND r.MergedIntoResidentId IS NULL
        ORDER BY r.BirthDate, r.ResidentNo
        """;

    /// <summary>Everyone in a household, oldest first.</summary>
    public async Task<IReadOnlyList<ResidentSummary>> HouseholdMembersAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ResidentSummary>(new CommandDefinition(HouseholdMembersSql,
            new { HouseholdId = householdId }, cancellationToken: cancellationToken))).AsList();
    }

    // A resident's calls: calls that discussed them, including any provisional person merged into them.
    private const string CallsSql = """
          SELECT c.CallId, c.Direction, c.CallerName, c.CallerPhone, c.CallerRelation, u.DisplayName AS OperatorName,
                 c.Site, c.StartedAt, c.Note, c.EndedAt, w.Label AS WrapUpLabel
            FROM Calls c
            LEFT JOIN Users u ON u.UserId = c.OperatorUserId
            LEFT JOIN WrapUpCodes w ON w.WrapUpCodeId = c.WrapUpCodeId
           WHERE c.CallId IN (SELECT cr.CallId
                                FROM CallResidents cr
                               WHERE cr.ResidentId = @ResidentId
                                  OR cr.ResidentId IN (SELECT m.ResidentId FROM Residents m WHERE m.MergedIntoResidentId = @ResidentId))
              OR c.CallId IN (SELECT sr.CallId
                                FROM SafetyReports sr
                               WHERE sr.ResidentId = @ResidentId
                                  OR sr.ResidentId IN (SELECT m.ResidentId FROM Residents m WHERE m.MergedIntoResidentId = @ResidentId))
        ORDER BY c.StartedAt DESC, c.CallId DESC
        """;

    /// <summary>The calls about a resident, newest first.</summary>
    public async Task<IReadOnlyList<CallSummary>> CallsAsync(int residentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CallSummary>(new CommandDefinition(CallsSql,
            new { ResidentId = residentId }, cancellationToken: cancellationToken))).AsList();
    }

    private const string ProvisionalSql = $"""
          SELECT {ResidentSearch.Columns}
            FROM Residents r
            LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
           WHERE r.IsProvisional = 1
             AND r.MergedIntoResidentId IS NULL
        ORDER BY r.CreatedAt DESC
        """;

    /// <summary>Provisional persons (仮登録) not yet merged, newest first.</summary>
    public async Task<IReadOnlyList<ResidentSummary>> ProvisionalAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ResidentSummary>(new CommandDefinition(ProvisionalSql, cancellationToken: cancellationToken))).AsList();
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
