using CallCenter.Data.Database;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Database;

public sealed class ConnectionFactoryTests
{
    [Fact]
    public async Task OpenAsync_ReportsMissing_When_TheSqliteFileWasDeletedAfterUse()
    {
        await using var db = TestDatabase.CreateSqlite();
        db.Migrate();
        await using (await db.Connections.OpenAsync())
        {
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(db.Path + suffix);
        }

        var fault = await Assert.ThrowsAsync<StorageFaultException>(() => db.Connections.OpenAsync());

        Assert.Equal(StorageFaultKind.Missing, fault.Kind);
        Assert.Equal(StorageFaultKind.Missing, StorageFault.Classify(fault));
        Assert.False(File.Exists(db.Path), "the open created a new empty database in place of the lost one");
    }

    [Fact]
    public async Task OpenAsync_CreatesTheFile_When_ItNeverExisted()
    {
        // The factories in this class are built by hand on purpose: the factory itself is under test.
        var path = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var factory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}"));
        try
        {
            await using (await factory.OpenAsync())
            {
            }
            Assert.True(File.Exists(path));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Data Source=x.db", 30)]
    [InlineData("Data Source=x.db;Default Timeout=2", 2)]
    [InlineData("Data Source=x.db;Command Timeout=5", 5)]
    public void BusyTimeout_Is30Seconds_UnlessTheConnectionStringNamesOne(string connectionString, int expected)
    {
        var factory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, connectionString));

        Assert.Equal(expected, new SqliteConnectionStringBuilder(factory.ConnectionString).DefaultTimeout);
    }

    // Microsoft.Data.Sqlite alone meets a lock held by another connection by sleeping 150 ms between tries; SQLite's own
    // busy handler, set on every connection, waits inside the statement for the same time the connection string allows.
    [Theory]
    [InlineData("", 30_000)]
    [InlineData(";Default Timeout=2", 2_000)]
    [InlineData(";Default Timeout=0", int.MaxValue)]
    public async Task EveryConnection_WaitsForALockInSqlite_AsLongAsItsTimeout(string timeout, int expectedMilliseconds)
    {
        var path = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var factory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}{timeout}") { ExtraSessionSql = "PRAGMA cache_size = -4000;" });
        try
        {
            await using (var connection = await factory.OpenAsync())
            {
                Assert.Equal(expectedMilliseconds, await Pragma(connection, "busy_timeout"));
                Assert.Equal(10_000, await Pragma(connection, "wal_autocheckpoint"));
                Assert.Equal(-4_000, await Pragma(connection, "cache_size"));
            }
            // A health probe's connection waits its own, shorter time.
            await using (var probe = await factory.OpenProbeAsync(TimeSpan.FromSeconds(3)))
            {
                Assert.Equal(3_000, await Pragma(probe, "busy_timeout"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    // The session statements are settings of the connection: a pooled connection handed out again keeps them and does not
    // run them again; a connection the pool opens anew runs them; a factory whose statements differ runs its own.
    [Fact]
    public async Task SessionStatements_RunOncePerPooledConnection_AndAgainOnANewOne()
    {
        var path = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var factory = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}"));
        var capped = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={path}") { ExtraSessionSql = "PRAGMA cache_size = -4000;" });
        try
        {
            await using (var connection = await factory.OpenAsync())
            {
                Assert.Equal(10_000, await Pragma(connection, "wal_autocheckpoint"));
                // Changed behind the factory's back: only a second run of the session statements would undo it.
                await Execute(connection, "PRAGMA wal_autocheckpoint = 123;");
            }
            await using (var again = await factory.OpenAsync())
            {
                Assert.Equal(123, await Pragma(again, "wal_autocheckpoint"));
            }
            // Another factory on the same pool with other statements runs its own (all of them) on that connection.
            await using (var other = await capped.OpenAsync())
            {
                Assert.Equal(-4_000, await Pragma(other, "cache_size"));
                Assert.Equal(10_000, await Pragma(other, "wal_autocheckpoint"));
            }
            // A connection the pool opens anew gets them.
            SqliteConnection.ClearAllPools();
            await using (var fresh = await factory.OpenAsync())
            {
                Assert.Equal(10_000, await Pragma(fresh, "wal_autocheckpoint"));
                Assert.Equal(30_000, await Pragma(fresh, "busy_timeout"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static async Task Execute(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Pragma(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
