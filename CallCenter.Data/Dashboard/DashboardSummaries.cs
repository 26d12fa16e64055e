using System.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Dashboard;

/// <summary>
/// Rebuilds the resident-count summary, its roll-ups and the household totals from the register, for one town or all
/// (every summary is keyed by town first, db/*/0026). The register import calls it in its transaction after inserting
/// residents: SQLite keeps the summary up to date on updates and deletes with triggers, but a trigger on insert would
/// triple the cost of importing a register (see db/sqlite/0004).
/// </summary>
public static class DashboardSummaries
{
    // "@TownId IS NULL OR TownId = @TownId": a rebuild reads the whole register (or town) anyway, so one statement serves both.
    private const string ClearCountsSql = """
        DELETE FROM ResidentCounts
         WHERE @TownId IS NULL OR TownId = @TownId
        """;

    private const string RebuildCountsSql = """
        INSERT INTO ResidentCounts (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
        SELECT TownId, COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1), COUNT(*)
          FROM Residents
         WHERE IsProvisional = 0
           AND MergedIntoResidentId IS NULL
           AND (@TownId IS NULL OR TownId = @TownId)
         GROUP BY TownId, COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1)
        """;

    private const string ClearRollupsSql = """
        DELETE FROM RegisterCounts
         WHERE @TownId IS NULL OR TownId = @TownId;
        DELETE FROM DistrictStatusCounts
         WHERE @TownId IS NULL OR TownId = @TownId
        """;

    // The per-town and per-district roll-ups (db/*/0014, 0026) from the counts just rebuilt: a few hundred thousand summary
    // rows at 1,000,000 residents, not the register.
    private const string RebuildRegisterCountsSql = """
        INSERT INTO RegisterCounts (TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
        SELECT TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode, SUM(Residents)
          FROM ResidentCounts
         WHERE @TownId IS NULL OR TownId = @TownId
         GROUP BY TownId, Status, IsVulnerable, WhereaboutsType, PrefectureCode
        """;

    private const string RebuildDistrictStatusCountsSql = """
        INSERT INTO DistrictStatusCounts (TownId, District, Status, IsVulnerable, Residents)
        SELECT TownId, District, Status, IsVulnerable, SUM(Residents)
          FROM ResidentCounts
         WHERE @TownId IS NULL OR TownId = @TownId
         GROUP BY TownId, District, Status, IsVulnerable
        """;

    private const string ClearTotalsSql = """
        DELETE FROM RegisterTotals;
        DELETE FROM TownTotals
         WHERE @TownId IS NULL OR TownId = @TownId
        """;

    // Households are only ever written by the register import, which calls this after writing them.
    private const string RebuildTownTotalsSql = """
        INSERT INTO TownTotals (TownId, Households)
        SELECT TownId, COUNT(*)
          FROM Households
         WHERE @TownId IS NULL OR TownId = @TownId
         GROUP BY TownId
        """;

    private const string RebuildTotalsSql = """
        INSERT INTO RegisterTotals (TotalsId, Households)
        SELECT 1, COALESCE(SUM(Households), 0)
          FROM TownTotals
        """;

    // The rows RebuildCountsSql groups, for a dialect that groups large sets slowly (SQLite sorts every row to group
    // them): read once in rowid order and counted in the client.
    private const string CountedRowsSql = """
        SELECT TownId, COALESCE(District, ''), Status, IsVulnerable, COALESCE(WhereaboutsType, -1), COALESCE(PrefectureCode, -1)
          FROM Residents
         WHERE IsProvisional = 0
           AND MergedIntoResidentId IS NULL
           AND (@TownId IS NULL OR TownId = @TownId)
        """;

    private const string InsertCountSql = """
        INSERT INTO ResidentCounts (TownId, District, Status, IsVulnerable, WhereaboutsType, PrefectureCode, Residents)
             VALUES (@TownId, @District, @Status, @IsVulnerable, @WhereaboutsType, @PrefectureCode, @Residents)
        """;

    private readonly record struct CountKey(int TownId, string District, int Status, int IsVulnerable, int WhereaboutsType, int PrefectureCode);

    /// <summary>
    /// Recounts registered residents by town, district, status, vulnerability and whereabouts (and their roll-ups without
    /// the district and without the whereabouts), and the households per town and of the whole register (the start page's
    /// totals, read on every load without counting them), for every town.
    /// </summary>
    public static Task RebuildAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, CancellationToken cancellationToken) =>
        RebuildAsync(connection, transaction, dialect, null, cancellationToken);

    /// <summary>
    /// As <see cref="RebuildAsync(DbConnection, DbTransaction, SqlDialect, CancellationToken)"/>, for one town only (null:
    /// every town). Where the engine groups large sets slowly (<see cref="SqlDialect.GroupsLargeSetsQuickly"/>), the
    /// residents are counted in the client in one pass, the same groups as the SQL.
    /// </summary>
    public static async Task RebuildAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, int? townId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var town = new { TownId = townId };
        await connection.ExecuteAsync(new CommandDefinition(ClearCountsSql, town, transaction, cancellationToken: cancellationToken));
        if (dialect.GroupsLargeSetsQuickly)
        {
            await connection.ExecuteAsync(new CommandDefinition(RebuildCountsSql, town, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await CountInClientAsync(connection, transaction, townId, cancellationToken);
        }
        foreach (var sql in new[] { ClearRollupsSql, RebuildRegisterCountsSql, RebuildDistrictStatusCountsSql, ClearTotalsSql, RebuildTownTotalsSql, RebuildTotalsSql })
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, town, transaction, cancellationToken: cancellationToken));
        }
    }

    private static async Task CountInClientAsync(DbConnection connection, DbTransaction transaction, int? townId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<CountKey, int>();
        // Districts repeat: one string per distinct value, not one per row.
        var districts = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var rows = new PreparedCommand(connection, transaction, CountedRowsSql, "TownId"))
        await using (var reader = await rows.Set(townId).ReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var district = reader.GetString(1);
                if (!districts.TryGetValue(district, out var shared))
                {
                    districts[district] = shared = district;
                }
                var key = new CountKey(reader.GetInt32(0), shared, reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
                counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
            }
        }
        await using var insert = new PreparedCommand(connection, transaction, InsertCountSql,
            "TownId", "District", "Status", "IsVulnerable", "WhereaboutsType", "PrefectureCode", "Residents");
        foreach (var (key, residents) in counts)
        {
            await insert.Set(key.TownId, key.District, key.Status, key.IsVulnerable, key.WhereaboutsType, key.PrefectureCode, residents)
                .ExecuteAsync(cancellationToken);
        }
    }
}
