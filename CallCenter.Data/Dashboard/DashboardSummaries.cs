using System.Data.Common;
using Dapper;

namespace CallCenter.Data.Dashboard;

/// <summary>
/// Rebuilds the resident-count summary, its roll-ups and the household total from the register. The register import calls it in its transaction
/// after inserting residents: SQLite keeps the summary up to date on updates and deletes with triggers, but
/// a trigger on insert would triple the cost of importing a register (see db/sqlite/0004).
/// </summary>
public static class DashboardSummaries
{
    private const string ClearCountsSql = """
        DELETE FROM ResidentCounts
        """;

    private const string RebuildCountsSql = """
        INSERT INTO ResidentCounts (District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
        SELECT COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1), COUNT(*)
          FROM Residents
         WHERE IsProvisional = 0
           AND MergedIntoResidentId IS NULL
         GROUP BY COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1)
        """;

    private const string ClearRollupsSql = """
        DELETE FROM RegisterCounts;
        DELETE FROM DistrictStatusCounts
        """;

    // The whole-town and per-district roll-ups (db/*/0014) from the counts just rebuilt: a few hundred thousand summary
    // rows at 1,000,000 residents, not the register.
    private const string RebuildRegisterCountsSql = """
        INSERT INTO RegisterCounts (Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
        SELECT Status, IsVulnerable, WhereaboutsType, PrefectureCode, SUM(Residents)
          FROM ResidentCounts
         GROUP BY Status, IsVulnerable, WhereaboutsType, PrefectureCode
        """;

    private const string RebuildDistrictStatusCountsSql = """
        INSERT INTO DistrictStatusCounts (District, Status, IsVulnerable, Residents)
        SELECT District, Status, IsVulnerable, SUM(Residents)
          FROM ResidentCounts
         GROUP BY District, Status, IsVulnerable
        """;

    private const string ClearTotalsSql = """
        DELETE FROM RegisterTotals
        """;

    // Households are only ever written by the register import, which calls this after writing them.
    private const string RebuildTotalsSql = """
        INSERT INTO RegisterTotals (TotalsId, Households)
        SELECT 1, COUNT(*)
          FROM Households
        """;

    /// <summary>
    /// Recounts registered residents by district, status, vulnerability and whereabouts (and their roll-ups without the
    /// district and without the whereabouts), and the register's households
    /// (the start page's total, read on every load without counting them).
    /// </summary>
    public static async Task RebuildAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(ClearCountsSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RebuildCountsSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(ClearRollupsSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RebuildRegisterCountsSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RebuildDistrictStatusCountsSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(ClearTotalsSql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(RebuildTotalsSql, transaction: transaction, cancellationToken: cancellationToken));
    }
}
