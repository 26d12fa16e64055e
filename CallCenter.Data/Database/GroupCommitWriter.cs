using System.Data.Common;
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
/// commits them. When nothing is being written, the request writes its own row at once, on its own thread (a lone
/// request waits for nothing but its own commit, as before). Requests that arrive while a transaction is under way
/// queue up; as soon as it has committed, everything queued is written in the next transaction (up to
/// <see cref="MaxBatch"/> requests, through commands prepared once per batch), and so on until the queue is empty.
/// <list type="bullet">
/// <item>Nothing is acknowledged before its commit: <see cref="WriteAsync"/> completes only once the transaction that
/// holds its rows has committed.</item>
/// <item>A failed transaction fails every request of its batch with the provider's exception, so
/// <see cref="StorageFault"/> recognises a full, locked, read-only or missing database as before. A failure that is
/// not a storage fault (one bad row) is retried row by row, each in its own transaction, so it fails only its own
/// request. Later batches run as usual once the fault is gone.</item>
/// <item>Once queued, a row is written: a caller that stops waiting (its cancellation token fires) gets
/// <see cref="OperationCanceledException"/> at once, but its row stays in the queue and is committed with the others
/// (the read it records has happened). A token cancelled before the call queues nothing. A request that is writing
/// its batch itself (the first one when nothing was being written) finishes that batch.</item>
/// <item>Disposing drains the queue: every queued row is committed before <see cref="DisposeAsync"/> returns; a
/// write that arrives after that (a page closed during shutdown) is written in its own transaction.</item>
/// </list>
/// Writes that change data never come here: they commit with their own audit rows through
/// <see cref="Audit.AuditedWrite"/>. Registered once per <see cref="ConnectionFactory"/> (a singleton).
/// </summary>
public sealed class GroupCommitWriter(ConnectionFactory connections, ILogger<GroupCommitWriter>? logger = null) : IAsyncDisposable, IDisposable
{
    /// <summary>At most this many queued requests share one transaction (bounds how long the write lock is held).</summary>
    public const int MaxBatch = 512;

    private readonly Lock gate = new();
    private readonly Queue<Pending> queue = new();
    // True while a batch is being written (by the request that found the writer idle, then by a drain on the thread
    // pool); while it is false the queue is empty.
    private bool writing;
    private bool closed;
    private TaskCompletionSource? drained;
    private long transactions;

    /// <summary>How many write transactions the writer has committed so far (for tests and diagnostics).</summary>
    public long CommittedTransactions => Interlocked.Read(ref transactions);

    /// <summary>Whether a batch is being written now (tests wait for it before queueing behind it).</summary>
    internal bool IsWriting
    {
        get
        {
            lock (gate)
            {
                return writing;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="statements"/> through <paramref name="writer"/> when there is one (the app registers one per
    /// database), otherwise in a write transaction of their own (a repository made by hand, as some tests do).
    /// </summary>
    internal static async Task WriteOrCommitAsync(GroupCommitWriter? writer, ConnectionFactory connections,
        IReadOnlyList<GroupedStatement> statements, CancellationToken cancellationToken)
    {
        if (writer is not null)
        {
            await writer.WriteAsync(statements, cancellationToken);
            return;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        foreach (var statement in statements)
        {
            await using var command = new PreparedCommand(connection, transaction, statement.Sql, statement.Names);
            await command.Set(statement.Values).ExecuteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Queues <paramref name="statements"/> (run in order, in one transaction with other requests' rows) and completes
    /// once they have committed; throws the transaction's exception when it failed.
    /// </summary>
    internal Task WriteAsync(IReadOnlyList<GroupedStatement> statements, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(statements);
        bool lead;
        lock (gate)
        {
            if (closed)
            {
                // Disposed already (shutting down): nothing is lost, the row is written on its own.
                return WriteAloneAsync(pending);
            }
            queue.Enqueue(pending);
            lead = !writing;
            writing = true;
        }
        if (lead)
        {
            return LeadAsync(pending);
        }
        return cancellationToken.CanBeCanceled ? pending.Done.Task.WaitAsync(cancellationToken) : pending.Done.Task;
    }

    // The writer was idle: this request writes what is queued (its own row, and any that came in meanwhile) on its own
    // thread, then hands whatever queued up during its commit to a drain on the thread pool.
    private async Task LeadAsync(Pending own)
    {
        if (TakeBatch() is { } batch)
        {
            await CommitAsync(batch);
            if (TakeBatchOrStop() is { } next)
            {
                _ = Task.Run(() => DrainAsync(next));
            }
        }
        await own.Done.Task;
    }

    private async Task DrainAsync(List<Pending> batch)
    {
        for (List<Pending>? next = batch; next is not null; next = TakeBatchOrStop())
        {
            await CommitAsync(next);
        }
    }

    private List<Pending>? TakeBatch()
    {
        lock (gate)
        {
            if (queue.Count == 0)
            {
                return null;
            }
            var batch = new List<Pending>(Math.Min(queue.Count, MaxBatch));
            while (batch.Count < MaxBatch && queue.TryDequeue(out var pending))
            {
                batch.Add(pending);
            }
            return batch;
        }
    }

    // The next batch, or null after marking the writer idle (and telling a waiting DisposeAsync the queue is drained).
    private List<Pending>? TakeBatchOrStop()
    {
        lock (gate)
        {
            if (queue.Count > 0)
            {
                return TakeBatch();
            }
            writing = false;
            drained?.TrySetResult();
            return null;
        }
    }

    private static async Task WriteAloneAsync(Pending pending, ConnectionFactory connections)
    {
        try
        {
            await WriteBatchAsync(connections, [pending], CancellationToken.None);
        }
        catch (CommitFailedException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
        }
    }

    private Task WriteAloneAsync(Pending pending) => WriteAloneAsync(pending, connections);

    private async Task CommitAsync(List<Pending> batch)
    {
        try
        {
            await WriteBatchAsync(connections, batch, CancellationToken.None);
            Interlocked.Increment(ref transactions);
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

    private static async Task WriteBatchAsync(ConnectionFactory connections, List<Pending> batch, CancellationToken cancellationToken)
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
    }

    /// <summary>Stops taking rows into the queue, then waits until every queued row is committed (or has failed).</summary>
    public async ValueTask DisposeAsync()
    {
        Task wait;
        lock (gate)
        {
            closed = true;
            if (!writing)
            {
                return;
            }
            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = drained.Task;
        }
        await wait;
    }

    /// <summary>As <see cref="DisposeAsync"/>, for a container disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed class Pending(IReadOnlyList<GroupedStatement> statements)
    {
        public IReadOnlyList<GroupedStatement> Statements { get; } = statements;

        // Continuations run off the writing thread, which goes on to the next batch at once.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class CommitFailedException(Exception inner) : Exception(inner.Message, inner);
}
