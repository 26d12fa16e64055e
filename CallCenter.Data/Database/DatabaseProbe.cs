using Dapper;

namespace CallCenter.Data.Database;

/// <summary>
/// What a readiness check asks of the storage: does the database answer a read, can it begin a write (take the
/// write lock) and roll it back, is there room to grow, does the SQLite file still exist, and how much space is
/// left on its disk. Nothing is ever committed.
/// </summary>
public sealed class DatabaseProbe(ConnectionFactory connections)
{
    /// <summary>True when the database has no file to check (SQL Server) or its SQLite file exists.</summary>
    public bool FileExists() => connections.SqliteFilePath is not { } path || File.Exists(path);

    /// <summary>Bytes free for the app on the volume holding the SQLite file, or null (SQL Server, in memory).</summary>
    public long? FreeBytes() =>
        Path.GetDirectoryName(connections.SqliteFilePath) is { Length: > 0 } folder
            ? new DriveInfo(folder).AvailableFreeSpace
            : null;

    private const string ReadSql = """
        SELECT COUNT(*)
          FROM Settings
        """;

    private const string WriteSql = """
        INSERT INTO Settings (Name, Value)
             VALUES (@Name, NULL)
        """;

    /// <summary>
    /// Reads, begins a write transaction, writes one row and rolls it back, on a connection of its own whose busy
    /// and command timeouts are <paramref name="timeout"/>; on SQLite also checks that the database may still
    /// grow by <paramref name="minGrowthBytes"/>. Throws the provider's exception or a
    /// <see cref="StorageFaultException"/> (classify either with <see cref="StorageFault.Classify"/>).
    /// </summary>
    public async Task CheckAsync(TimeSpan timeout, long minGrowthBytes, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenProbeAsync(timeout, cancellationToken);
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(ReadSql, cancellationToken: cancellationToken));
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        // A name no one else uses, so concurrent probes on SQL Server never wait for each other's key.
        await connection.ExecuteAsync(new CommandDefinition(WriteSql, new { Name = $"health-probe:{Guid.NewGuid():N}" },
            transaction, cancellationToken: cancellationToken));
        if (connections.Dialect.PageCountsSql is { } pageCountsSql)
        {
            await using var counts = await connection.QueryMultipleAsync(new CommandDefinition(pageCountsSql,
                transaction: transaction, cancellationToken: cancellationToken));
            var maxPages = await counts.ReadSingleAsync<long>();
            var pages = await counts.ReadSingleAsync<long>();
            var freePages = await counts.ReadSingleAsync<long>();
            var pageSize = await counts.ReadSingleAsync<long>();
            var roomBytes = (maxPages - pages + freePages) * pageSize;
            if (roomBytes < minGrowthBytes)
            {
                throw new StorageFaultException(StorageFaultKind.Full,
                    $"The database may grow by only {roomBytes / 1024} KB more (max_page_count {maxPages}, {pages} pages, {freePages} free).");
            }
        }
        await transaction.RollbackAsync(cancellationToken);
    }
}
