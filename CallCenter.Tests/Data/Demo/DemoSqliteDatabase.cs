using CallCenter.Data.Database;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Demo;

/// <summary>A migrated SQLite file in the temp folder, deleted on dispose (kept local to the demo tests).</summary>
public sealed class DemoSqliteDatabase : IDisposable
{
    public DemoSqliteDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"callcenter-demo-{Guid.NewGuid():N}.db");
        Connections = TestDatabase.ConnectionsFor(TestDatabase.ConfigurationFor(DatabaseProvider.Sqlite, $"Data Source={Path}"));
        new Migrations(Connections).Apply();
    }

    public string Path { get; }

    public ConnectionFactory Connections { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A file still open elsewhere stays in the temp folder; it must not fail the test.
            }
        }
    }
}

/// <summary>A clock fixed at one instant.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>The demo tests run one after another: seeding and importing compete for two cores otherwise.</summary>
public static class DemoTests
{
    public const string Collection = "Demo town";
}
