using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CallCenter.Data.Database;

/// <summary>
/// One statement and its values, queued for the next group commit: the parameters are named in <see cref="Sql"/> as
/// <c>@Name</c>, listed in <see cref="Names"/> and given in the same order in <see cref="Values"/> (null becomes NULL).
/// </summary>
internal sealed record GroupedStatement(string Sql, string[] Names, object?[] Values);

/// <summary>
/// The writes that reads cause (the audit row of a search or a resident view, an open page's presence heartbeat) go
/// through this one writer per database, so that many concurrent requests cost one write transaction instead of each
/// waiting for the single SQLite writer in turn. A request queues its statements and awaits the transaction that
/// commits them; the writer's loop takes everything queued (as soon as the previous commit has ended; no timer, so a
/// lone request waits for nothing but its own commit), writes it in one transaction through commands prepared once
/// per batch, commits, then completes every waiter.
/// <list type="bullet">
/// <item>Nothing is acknowledged before its commit: <see cref="WriteAsync"/> completes only once the transaction that
/// holds its rows has committed.</item>
/// <item>A failed transaction fails every request of its batch with the provider's exception, so
/// <see cref="StorageFault"/> recognises a full, locked, read-only or missing database as before. A failure that is
/// not a storage fault (one bad row) is retried row by row, each in its own transaction, so it fails only its own
/// request. Later batches run as usual once the fault is gone.</item>
/// <item>Once queued, a row is written: a caller that stops waiting (its cancellation token fires) gets
/// <see cref="OperationCanceledException"/> at once, but its row stays in the queue and is committed with the others
/// (the read it records has happened). A token cancelled before the call queues nothing.</item>
/// <item>Disposing drains the queue: every queued row is committed before <see cref="DisposeAsync"/> returns; a
/// write that arrives after that (a page closed during shutdown) is written in its own transaction.</item>
/// </list>
/// Writes that change data never come here: they commit with their own audit rows through
/// <see cref="Audit.AuditedWrite"/>. Registered once per <see cref="ConnectionFactory"/> (a singleton).
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable, IDisposable
{
    /// <summary>At most this many queued requests share one transaction (bounds how long the write lock is held).</summary>
    public const int MaxBatch = 512;

    private readonly ConnectionFactory connections;
    private readonly ILogger<GroupCommitWriter>? logger;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;
    private long transactions;

    /// <summary>Starts the writer's loop; it idles until a row is queued.</summary>
    public GroupCommitWriter(ConnectionFactory connections, ILogger<GroupCommitWriter>? logger = null)
    {
        this.connections = connections;
        this.logger = logger;
        loop = Task.Run(RunAsync);
    }

    /// <summary>How many write transactions the writer has committed so far (for tests and diagnostics).</summary>
    public long CommittedTransactions => Interlocked.Read(ref transactions);

    /// <summary>
    /// Queues <paramref name="statements"/> (run in order, in one transaction with other requests' rows) and completes
    /// once they have committed; throws the transaction's exception when it failed.
    /// </summary>
    internal Task WriteAsync(IReadOnlyList<GroupedStatement> statements, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(statements);
        if (!queue.Writer.TryWrite(pending))
        {
            // Disposed already (shutting down): nothing is lost, the row is written on its own.
            return WriteAloneAsync(statements, cancellationToken);
        }
        return cancellationToken.CanBeCanceled ? pending.Done.Task.WaitAsync(cancellationToken) : pending.Done.Task;
    }

    private async Task WriteAloneAsync(IReadOnlyList<GroupedStatement> statements, CancellationToken cancellationToken)
    {
        try
        {
            await WriteBatchAsync([new Pending(statements)], cancellationToken);
        }
        catch (CommitFailedException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            await WriteBatchAsync(batch, CancellationToken.None);
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception e)
        {
            if (batch.Count > 1 && StorageFault.Classify(e) is null && e is not CommitFailedException)
            {
                logger?.LogWarning(e, "A group commit of {Count} requests failed; writing each on its own", batch.Count);
                foreach (var pending in batch)
                {
                    await CommitAsync([pending]);
                }
                return;
            }
            logger?.LogWarning(e, "A group commit of {Count} requests failed", batch.Count);
            var cause = e is CommitFailedException { InnerException: { } inner } ? inner : e;
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(cause);
            }
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var commands = new Dictionary<string, PreparedCommand>(StringComparer.Ordinal);
        try
        {
            foreach (var pending in batch)
            {
                foreach (var statement in pending.Statements)
                {
                    if (!commands.TryGetValue(statement.Sql, out var command))
                    {
                        command = new PreparedCommand(connection, transaction, statement.Sql, statement.Names);
                        commands.Add(statement.Sql, command);
                    }
                    await command.Set(statement.Values).ExecuteAsync(cancellationToken);
                }
            }
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync();
            }
        }
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (StorageFault.Classify(e) is null)
        {
            // Whether a failed commit wrote anything is unknown: never write these rows a second time.
            throw new CommitFailedException(e);
        }
        Interlocked.Increment(ref transactions);
    }

    /// <summary>Stops taking rows into the queue, then waits until every queued row is committed (or has failed).</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    /// <summary>As <see cref="DisposeAsync"/>, for a container disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed class Pending(IReadOnlyList<GroupedStatement> statements)
    {
        public IReadOnlyList<GroupedStatement> Statements { get; } = statements;

        // Continuations run off the writer's loop, which goes on to the next batch at once.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class CommitFailedException(Exception inner) : Exception(inner.Message, inner);
}
