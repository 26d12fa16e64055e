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

    private static async Task<long> Pragma(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
