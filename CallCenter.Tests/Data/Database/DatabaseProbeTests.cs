using System.Diagnostics;
using CallCenter.Data.Database;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Database;

/// <summary>The storage probe behind /api/health, on real SQLite files.</summary>
public sealed class DatabaseProbeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();

    public Task InitializeAsync()
    {
        db.Migrate();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task CheckAsync_Passes_And_WritesNothing_When_TheDatabaseIsWell()
    {
        var probe = new DatabaseProbe(db.Connections);

        await probe.CheckAsync(Timeout, 1024 * 1024);

        Assert.True(probe.FileExists());
        Assert.True(probe.FreeBytes() > 0);
        await using var connection = await db.Connections.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Settings WHERE Name LIKE 'health-probe%'"));
    }

    [Fact]
    public async Task CheckAsync_FailsBusy_WithinItsTimeout_When_AnotherConnectionHoldsTheWriteLock()
    {
        using var holder = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        holder.Open();
        using var held = holder.BeginTransaction(deferred: false);
        var probe = new DatabaseProbe(db.Connections);

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => probe.CheckAsync(Timeout, 0));
        clock.Stop();

        Assert.Equal(StorageFaultKind.Busy, StorageFault.Classify(e));
        // The probe's own busy timeout, not the app's 30 seconds.
        Assert.InRange(clock.Elapsed, Timeout * 0.9, Timeout + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task CheckAsync_FailsFull_When_TheDatabaseReachedItsPageLimit()
    {
        long pages;
        await using (var connection = await db.Connections.OpenAsync())
        {
            pages = await connection.ExecuteScalarAsync<long>("PRAGMA page_count");
        }
        // Built by hand on purpose: ExtraSessionSql (the page cap that makes the file full) is not read from configuration.
        var capped = new ConnectionFactory(db.Connections.Options with { ExtraSessionSql = $"PRAGMA max_page_count = {pages};" });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => new DatabaseProbe(capped).CheckAsync(Timeout, 1024 * 1024));

        Assert.Equal(StorageFaultKind.Full, StorageFault.Classify(e));
    }

    [Fact]
    public async Task FileExists_IsFalse_And_CheckFailsMissing_When_TheFileWasDeleted()
    {
        var probe = new DatabaseProbe(db.Connections);
        await probe.CheckAsync(Timeout, 0);

        File.Delete(db.Path);

        Assert.False(probe.FileExists());
        var e = await Assert.ThrowsAnyAsync<Exception>(() => probe.CheckAsync(Timeout, 0));
        Assert.Equal(StorageFaultKind.Missing, StorageFault.Classify(e));
    }
}
