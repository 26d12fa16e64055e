using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Residents;

/// <summary>Reads residents and the register's totals.</summary>
public sealed class ResidentRepository(ConnectionFactory connections)
{
    // Provisional persons (not in the register) are left out of the register's totals.
    private const string CountsSql = """
        SELECT COUNT(*) AS Residents,
               COALESCE(SUM(CASE WHEN Status <> 0 THEN 1 ELSE 0 END), 0) AS Confirmed,
               (SELECT COUNT(*) FROM Households) AS Households
          FROM Residents
         WHERE IsProvisional = 0
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
    public async Task<int?> FindIdByNumberAsync(string residentNo, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            FindIdByNumberSql, new { ResidentNo = residentNo }, cancellationToken: cancellationToken));
    }
}
