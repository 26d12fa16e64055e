using System.Data.Common;
using CallCenter.Data.Database;

namespace CallCenter.Data.Imports;

/// <summary>
/// What an import checked its file against: the register's change counter (kept by triggers on updates and deletes of
/// residents and households, db/*/0008) and the newest resident, household and status-list batch (inserts).
/// An import checks and stages under a read snapshot, then reads the stamp again inside its write transaction: the
/// same stamp means nothing its staging depended on has changed, so the staged writes are applied as they are;
/// another stamp means the file is checked again under the lock (rare: a merge or another import in between).
/// </summary>
internal sealed record RegisterStamp(long Version, long LastResidentId, long LastHouseholdId, long LastStatusImportId)
{
    private const string ReadStampSql = """
        SELECT CAST((SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1) AS BIGINT),
               CAST((SELECT COALESCE(MAX(ResidentId), 0) FROM Residents) AS BIGINT),
               CAST((SELECT COALESCE(MAX(HouseholdId), 0) FROM Households) AS BIGINT),
               CAST((SELECT COALESCE(MAX(StatusImportId), 0) FROM StatusImports) AS BIGINT)
        """;

    /// <summary>Reads the stamp inside <paramref name="transaction"/> (a read snapshot, or the write transaction).</summary>
    public static async Task<RegisterStamp> ReadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new PreparedCommand(connection, transaction, ReadStampSql);
        await using var reader = await command.ReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RegisterStamp(Int64(reader, 0), Int64(reader, 1), Int64(reader, 2), Int64(reader, 3));
    }

    private static long Int64(DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
}
