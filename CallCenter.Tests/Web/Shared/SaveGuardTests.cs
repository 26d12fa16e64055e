using CallCenter.Data;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Tests.Data;
using CallCenter.Web.Components.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCenter.Tests.Web.Shared;

/// <summary>SaveGuard over a real SQLite file whose write lock another connection holds.</summary>
public sealed class SaveGuardTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly SaveGuard guard = new(NullLogger<SaveGuard>.Instance);
    private AuditRepository audit = default!;

    public Task InitializeAsync()
    {
        db.Migrate();
        // The app's audit repository, over the file with a one-second busy timeout so the held lock fails fast.
        audit = new ServiceCollection().AddCallCenterData(db.ConfigurationWith("Default Timeout=1")).BuildServiceProvider()
            .GetRequiredService<AuditRepository>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private Task Save() => audit.WriteAsync(new AuditEntry { Action = AuditActions.Search, Details = "guarded" });

    [Fact]
    public async Task TryAsync_TurnsALockedDatabase_IntoTheNotSavedMessage_And_ClearsItOnTheNextSave()
    {
        await using (var other = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            await other.OpenAsync();
            await using var writeLock = other.BeginTransaction(deferred: false);

            Assert.False(await guard.TryAsync(Save));
            Assert.Equal(StorageFault.NotSavedMessage(StorageFaultKind.Busy), guard.Fault);
        }

        Assert.True(await guard.TryAsync(Save));
        Assert.Null(guard.Fault);
        await using var connection = await db.Connections.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AuditLog WHERE Details = 'guarded'";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TryAsync_LetsOtherExceptionsThrough()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.TryAsync(() => throw new InvalidOperationException("a bug")));
        Assert.Null(guard.Fault);
        Assert.False(guard.Handles(new ArgumentException("not storage")));
    }
}
