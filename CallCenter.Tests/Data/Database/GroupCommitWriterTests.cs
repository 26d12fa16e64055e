using System.Data.Common;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data;
using CallCenter.Data.Residents;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// The group-commit writer on a real database: every queued row committed exactly once, whatever the concurrency;
/// a failed transaction fails its requests with the provider's error; disposing drains the queue.
/// </summary>
public abstract class GroupCommitWriterTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    protected static OperatorContext Operator(int i) => new(null, $"operator-{i % 7}", i % 2 == 0 ? "会津若松" : "いわき");

    protected static Task ViewAsync(AuditRepository audit, int i, CancellationToken cancellationToken = default) =>
        audit.WriteAsync(Operator(i), AuditActions.ViewResident, "resident", $"R{i:0000}", residentId: i, details: $"住民の画面・{i}件目",
            cancellationToken: cancellationToken);

    protected async Task<List<AuditEntry>> AuditRowsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return (await connection.QueryAsync<AuditEntry>(
            "SELECT AuditId, OccurredAt, UserId, UserName, Site, Action, TargetType, TargetId, ResidentId, Details FROM AuditLog ORDER BY AuditId")).AsList();
    }

    [SkippableFact]
    public async Task ConcurrentRequests_AreAllCommittedExactlyOnce_WithTheirContent()
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);

        // 200 requests from the thread pool at once, as concurrent searches and views arrive.
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => ViewAsync(audit, i))));

        var rows = await AuditRowsAsync();
        Assert.Equal(200, rows.Count);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"R{i:0000}"), rows.Select(r => r.TargetId).Order(StringComparer.Ordinal));
        Assert.All(rows, r =>
        {
            var i = r.ResidentId!.Value;
            Assert.Equal((Operator(i).UserName, Operator(i).Site, AuditActions.ViewResident, "resident", $"R{i:0000}", $"住民の画面・{i}件目"),
                (r.UserName, r.Site, r.Action, r.TargetType, r.TargetId, r.Details));
            Assert.Equal(DateTimeKind.Utc, r.OccurredAt.Kind);
        });
        Assert.InRange(writer.CommittedTransactions, 1, 200);
    }

    [SkippableFact]
    public async Task Dispose_WaitsForEveryRowUnderWay_AndALaterRowIsStillWritten()
    {
        var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);
        var requests = Enumerable.Range(0, 100).Select(i => Task.Run(() => ViewAsync(audit, i))).ToList();

        await writer.DisposeAsync();
        await Task.WhenAll(requests);

        Assert.Equal(100, (await AuditRowsAsync()).Count);
        // A page closed during shutdown: written on its own, not lost.
        await ViewAsync(audit, 100);
        Assert.Equal(101, (await AuditRowsAsync()).Count);
    }

    [SkippableFact]
    public async Task OneBadRow_AmongConcurrentRequests_FailsOnlyItsOwnRequest()
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);

        var good = Enumerable.Range(0, 30).Select(i => Task.Run(() => ViewAsync(audit, i))).ToList();
        var bad = Task.Run(() => audit.WriteAsync(new AuditEntry { Action = null!, Details = "操作の名前がない行" }));
        good.AddRange(Enumerable.Range(30, 30).Select(i => Task.Run(() => ViewAsync(audit, i))));

        var e = await Assert.ThrowsAnyAsync<DbException>(() => bad);
        Assert.Null(StorageFault.Classify(e));
        await Task.WhenAll(good);
        Assert.Equal(60, (await AuditRowsAsync()).Count);
    }
}

public sealed class GroupCommitWriterTestsOnSqlite : GroupCommitWriterTests<OnSqlite>
{
    /// <summary>Another connection holding SQLite's one write lock (BEGIN IMMEDIATE) until disposed.</summary>
    private async Task<DbTransaction> HoldWriteLockAsync(DbConnection connection) => await Connections.BeginWriteAsync(connection);

    // Gives the writer every chance to (wrongly) complete while the lock is held; the assertion is on what happened, not on time.
    private static Task SettleAsync(Task task) => Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(300)));

    /// <summary>
    /// Starts a request on the thread pool and returns once the writer is writing its batch: with the lock held
    /// elsewhere, that request waits for the lock, and every later one queues behind it.
    /// </summary>
    private static async Task<Task> FirstRequestAsync(GroupCommitWriter writer, Func<Task> request)
    {
        var first = Task.Run(request);
        while (!writer.IsWriting && !first.IsCompleted)
        {
            await Task.Delay(5);
        }
        return first;
    }

    [Fact]
    public async Task TheAppsAuditAndPresence_GoThroughTheDatabasesOneWriter()
    {
        await using var services = new ServiceCollection().AddCallCenterData(Db.Configuration).BuildServiceProvider();
        var writer = services.GetRequiredService<GroupCommitWriter>();

        await services.GetRequiredService<AuditRepository>().WriteAsync(new OperatorContext(1, "yamada", "いわき"), AuditActions.Search, "search",
            details: "さとう");
        await services.GetRequiredService<ResidentViewRepository>().HeartbeatAsync(7, "session-a", "yamada", "山田 花子", "いわき");
        await services.GetRequiredService<ResidentViewRepository>().LeaveAsync(7, "session-a");

        Assert.Equal(3, writer.CommittedTransactions);
        Assert.Equal("さとう", Assert.Single(await AuditRowsAsync()).Details);
    }

    [Fact]
    public async Task NothingIsAcknowledged_BeforeItsRowIsCommitted()
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);
        await using var holder = await Connections.OpenAsync();
        var held = await HoldWriteLockAsync(holder);

        var write = await FirstRequestAsync(writer, () => ViewAsync(audit, 1));
        await SettleAsync(write);

        Assert.False(write.IsCompleted);
        Assert.Empty(await AuditRowsAsync());

        await held.CommitAsync();
        await held.DisposeAsync();
        await write;
        Assert.Equal("R0001", Assert.Single(await AuditRowsAsync()).TargetId);
    }

    [Fact]
    public async Task RowsQueuedDuringACommit_ShareTheNextTransaction()
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);
        await using var holder = await Connections.OpenAsync();
        var held = await HoldWriteLockAsync(holder);

        // The first request takes the writer into its transaction (waiting for the lock); the next 50 queue behind it.
        var first = await FirstRequestAsync(writer, () => ViewAsync(audit, 0));
        var rest = Enumerable.Range(1, 50).Select(i => ViewAsync(audit, i)).ToList();
        await held.RollbackAsync();
        await held.DisposeAsync();
        await Task.WhenAll(rest.Append(first));

        Assert.Equal(51, (await AuditRowsAsync()).Count);
        Assert.InRange(writer.CommittedTransactions, 1, 2);
    }

    [Fact]
    public async Task ACancelledWaiter_StopsWaiting_ButItsRowAndTheOthersAreCommitted()
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);
        await using var holder = await Connections.OpenAsync();
        var held = await HoldWriteLockAsync(holder);
        using var leaving = new CancellationTokenSource();

        var first = await FirstRequestAsync(writer, () => ViewAsync(audit, 0));
        var cancelled = ViewAsync(audit, 1, leaving.Token);
        var others = new[] { first, ViewAsync(audit, 2), ViewAsync(audit, 3) };
        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await held.RollbackAsync();
        await held.DisposeAsync();
        await Task.WhenAll(others);
        Assert.Equal(["R0000", "R0001", "R0002", "R0003"], (await AuditRowsAsync()).Select(r => r.TargetId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OneBadRow_InABatch_FailsOnlyItsOwnRequest_TheOthersOfTheBatchCommit()
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);
        await using var holder = await Connections.OpenAsync();
        var held = await HoldWriteLockAsync(holder);

        var first = await FirstRequestAsync(writer, () => ViewAsync(audit, 0));
        // Queued while the first waits for the lock: one batch once it is released.
        var good = Enumerable.Range(1, 20).Select(i => ViewAsync(audit, i)).Append(first).ToList();
        var bad = audit.WriteAsync(new AuditEntry { Action = null!, Details = "操作の名前がない行" });
        good.AddRange(Enumerable.Range(21, 20).Select(i => ViewAsync(audit, i)));
        await held.RollbackAsync();
        await held.DisposeAsync();

        var e = await Assert.ThrowsAnyAsync<DbException>(() => bad);
        Assert.Contains("NOT NULL", e.Message, StringComparison.Ordinal);
        await Task.WhenAll(good);
        Assert.Equal(41, (await AuditRowsAsync()).Count);
    }

    [Fact]
    public async Task Dispose_DrainsTheQueue_BeforeItReturns()
    {
        var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);
        await using var holder = await Connections.OpenAsync();
        var held = await HoldWriteLockAsync(holder);
        var first = await FirstRequestAsync(writer, () => ViewAsync(audit, 0));
        // Queued behind the first, and nobody waits for them: shutdown must still commit every one.
        var queued = Enumerable.Range(1, 100).Select(i => ViewAsync(audit, i)).ToList();

        var disposing = writer.DisposeAsync().AsTask();
        await SettleAsync(disposing);
        Assert.False(disposing.IsCompleted);
        await held.RollbackAsync();
        await held.DisposeAsync();
        await disposing;

        Assert.Equal(101, (await AuditRowsAsync()).Count);
        await Task.WhenAll(queued.Append(first));
    }

    [Fact]
    public async Task ATokenCancelledBeforeTheCall_QueuesNothing()
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ViewAsync(audit, 1, new CancellationToken(canceled: true)));
        await writer.DisposeAsync();

        Assert.Empty(await AuditRowsAsync());
    }

    [Fact]
    public async Task AFullDatabase_FailsEveryRequest_WithTheStorageMessage_AndLaterBatchesWorkOnceThereIsRoom()
    {
        long pages;
        await using (var connection = await Connections.OpenAsync())
        {
            pages = await connection.ExecuteScalarAsync<long>("PRAGMA page_count");
        }
        // Built by hand on purpose: the page cap (which holds per connection) is not read from configuration.
        var capped = new ConnectionFactory(Connections.Options with { ExtraSessionSql = $"PRAGMA max_page_count = {pages + 64};" });
        await using (var filler = await capped.OpenAsync())
        {
            await filler.ExecuteAsync("CREATE TABLE Filler (Bytes BLOB)");
            await Assert.ThrowsAnyAsync<DbException>(async () =>
            {
                while (true)
                {
                    await filler.ExecuteAsync("INSERT INTO Filler (Bytes) VALUES (zeroblob(1000))");
                }
            });
        }
        await using var writer = new GroupCommitWriter(capped);
        var audit = new AuditRepository(capped, TimeProvider.System, writer);
        var before = (await AuditRowsAsync()).Count;

        // Each row needs new pages (its details overflow a page): none is left.
        var requests = Enumerable.Range(0, 40).Select(i => Task.Run(() => audit.WriteAsync(Operator(i), AuditActions.Search, "search",
            details: new string('長', 3000) + i))).ToList();
        foreach (var request in requests)
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => request);
            Assert.Equal(StorageFaultKind.Full, StorageFault.Classify(e));
            Assert.StartsWith("サーバーのディスクがいっぱいで", StorageFault.Describe(StorageFault.Classify(e)!.Value), StringComparison.Ordinal);
        }
        Assert.Equal(before, (await AuditRowsAsync()).Count);

        // The fault is cleared (room again in the file): the same writer goes on.
        await using (var connection = await Connections.OpenAsync())
        {
            await connection.ExecuteAsync("DROP TABLE Filler");
        }
        await Task.WhenAll(Enumerable.Range(100, 20).Select(i => Task.Run(() => ViewAsync(audit, i))));
        Assert.Equal(before + 20, (await AuditRowsAsync()).Count);
    }

    [Fact]
    public async Task ALockedDatabase_FailsEveryRequestOfTheBatches_AsBusy_AndLaterBatchesWorkOnceItIsFree()
    {
        // The app's 30-second busy timeout cut to one, as the page fault tests do.
        var impatient = TestDatabase.ConnectionsFor(((TestDatabase.SqliteTestDatabase)Db).ConfigurationWith("Default Timeout=1"));
        await using var writer = new GroupCommitWriter(impatient);
        var audit = new AuditRepository(impatient, TimeProvider.System, writer);
        await using var holder = await Connections.OpenAsync();
        var held = await HoldWriteLockAsync(holder);

        var first = await FirstRequestAsync(writer, () => ViewAsync(audit, 0));
        var queued = Enumerable.Range(1, 30).Select(i => ViewAsync(audit, i)).Append(first).ToList();
        foreach (var request in queued)
        {
            var e = await Assert.ThrowsAnyAsync<DbException>(() => request);
            Assert.Equal(StorageFaultKind.Busy, StorageFault.Classify(e));
            Assert.StartsWith("データベースが混み合っていて", StorageFault.Describe(StorageFaultKind.Busy), StringComparison.Ordinal);
        }
        await held.RollbackAsync();
        await held.DisposeAsync();

        await Task.WhenAll(Enumerable.Range(100, 20).Select(i => Task.Run(() => ViewAsync(audit, i))));
        Assert.Equal(20, (await AuditRowsAsync()).Count);
    }

    [Fact]
    public async Task AMissingTable_FailsEveryRequest_AndWritesResumeOnceItIsBack()
    {
        await using var writer = new GroupCommitWriter(Connections);
        var audit = new AuditRepository(Connections, TimeProvider.System, writer);
        await using var admin = await Connections.OpenAsync();
        await admin.ExecuteAsync("ALTER TABLE AuditLog RENAME TO AuditLogAside");

        var requests = Enumerable.Range(0, 20).Select(i => Task.Run(() => ViewAsync(audit, i))).ToList();
        foreach (var request in requests)
        {
            var e = await Assert.ThrowsAnyAsync<DbException>(() => request);
            Assert.Contains("AuditLog", e.Message);
        }

        await admin.ExecuteAsync("ALTER TABLE AuditLogAside RENAME TO AuditLog");
        await Task.WhenAll(Enumerable.Range(20, 20).Select(i => Task.Run(() => ViewAsync(audit, i))));
        Assert.Equal(Enumerable.Range(20, 20).Select(i => $"R{i:0000}"), (await AuditRowsAsync()).Select(r => r.TargetId).Order(StringComparer.Ordinal));
    }
}

public sealed class GroupCommitWriterTestsOnSqlServer : GroupCommitWriterTests<OnSqlServer>;
