using Microsoft.Extensions.Logging;

namespace CallCenter.Data.Database;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file every few seconds, off the request path, so
/// that operators' saves never wait for a checkpoint (see <see cref="SqlDialect.SessionSql"/>). A PASSIVE
/// checkpoint never blocks readers or writers. Does nothing on SQL Server.
/// </summary>
public sealed class WalCheckpointer(ConnectionFactory connections, ILogger<WalCheckpointer>? logger = null)
{
    /// <summary>How often the log is checkpointed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Checkpoints once.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken = default)
    {
        if (connections.Dialect.CheckpointSql is not { } sql)
        {
            return;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Checkpoints every <see cref="Interval"/> until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (connections.Dialect.CheckpointSql is null)
        {
            return;
        }
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await CheckpointAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger?.LogWarning(e, "WAL checkpoint failed; SQLite's own checkpoint still bounds the log.");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
