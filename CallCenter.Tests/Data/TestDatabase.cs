using CallCenter.Data;
using CallCenter.Data.Database;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Data;

/// <summary>
/// A throwaway, migrated database for one test: a real SQLite file, or (when CALLCENTER_TEST_SQLSERVER holds
/// a connection string) a new SQL Server database that is dropped afterwards.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable naming a SQL Server to run the data tests against.</summary>
    public const string SqlServerVariable = "CALLCENTER_TEST_SQLSERVER";

    protected TestDatabase(DatabaseProvider provider, string connectionString)
    {
        Configuration = ConfigurationFor(provider, connectionString);
        Connections = ConnectionsFor(Configuration);
    }

    /// <summary>The configuration the app reads for this database: <c>Database:Provider</c> and <c>ConnectionStrings:CallCenter</c>.</summary>
    public IConfiguration Configuration { get; }

    public ConnectionFactory Connections { get; }

    /// <summary>The connection factory the app itself builds from a configuration (through AddCallCenterData), not one made by hand.</summary>
    public static ConnectionFactory ConnectionsFor(IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddCallCenterData(configuration).BuildServiceProvider();
        return services.GetRequiredService<ConnectionFactory>();
    }

    /// <summary>
    /// The configuration that points <see cref="DataServiceCollectionExtensions.AddCallCenterData"/> at a database, as the
    /// web app's appsettings and command line do.
    /// </summary>
    public static IConfiguration ConfigurationFor(DatabaseProvider provider, string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:CallCenter"] = connectionString,
        }).Build();

    public DatabaseProvider Provider => Connections.Options.Provider;

    public void Migrate() => new Migrations(Connections).Apply();

    public abstract ValueTask DisposeAsync();

    /// <summary>A new empty SQLite file (not migrated).</summary>
    public static SqliteTestDatabase CreateSqlite() => new();

    /// <summary>A new empty SQL Server database (not migrated); skips the test when no server is configured.</summary>
    public static TestDatabase CreateSqlServer()
    {
        var master = Environment.GetEnvironmentVariable(SqlServerVariable);
        Skip.If(string.IsNullOrWhiteSpace(master), $"{SqlServerVariable} is not set: the SQL Server run of this test is skipped.");
        return new SqlServerTestDatabase(master!);
    }

    public sealed class SqliteTestDatabase : TestDatabase
    {
        internal SqliteTestDatabase() : this(NewPath())
        {
        }

        private SqliteTestDatabase(string path) : base(DatabaseProvider.Sqlite, $"Data Source={path}")
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>
        /// The configuration for this file with more connection-string settings (e.g. <c>Default Timeout=1</c> so a
        /// locked database fails fast, or <c>Mode=ReadOnly</c>), for pages whose services must see the file differently.
        /// </summary>
        public IConfiguration ConfigurationWith(string connectionStringSuffix) =>
            ConfigurationFor(DatabaseProvider.Sqlite, $"Data Source={Path};{connectionStringSuffix}");

        private static string NewPath()
        {
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callcenter-tests");
            Directory.CreateDirectory(folder);
            return System.IO.Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        }

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try
                {
                    File.Delete(Path + suffix);
                }
                catch (IOException)
                {
                    // A file still held by a pooled connection of another test is left in the temp folder.
                }
            }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SqlServerTestDatabase : TestDatabase
    {
        private readonly string masterConnectionString;
        private readonly string databaseName;

        public SqlServerTestDatabase(string master) : this(master, $"callcenter_test_{Guid.NewGuid():N}")
        {
        }

        private SqlServerTestDatabase(string master, string name)
            : base(DatabaseProvider.SqlServer, Create(master, name))
        {
            masterConnectionString = master;
            databaseName = name;
        }

        private static string Create(string master, string name)
        {
            using (var connection = new SqlConnection(master))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"CREATE DATABASE [{name}]; ALTER DATABASE [{name}] SET READ_COMMITTED_SNAPSHOT ON;";
                command.ExecuteNonQuery();
            }
            return new SqlConnectionStringBuilder(master) { InitialCatalog = name }.ConnectionString;
        }

        public override async ValueTask DisposeAsync()
        {
            SqlConnection.ClearAllPools();
            await using var connection = new SqlConnection(masterConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"ALTER DATABASE [{databaseName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{databaseName}];";
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>Chooses the engine a generic data test class runs on.</summary>
public interface IDatabaseKind
{
    static abstract TestDatabase Create();
}

/// <summary>Always available: a real SQLite file.</summary>
public sealed class OnSqlite : IDatabaseKind
{
    public static TestDatabase Create() => TestDatabase.CreateSqlite();
}

/// <summary>Runs when CALLCENTER_TEST_SQLSERVER is set, and is reported as skipped otherwise.</summary>
public sealed class OnSqlServer : IDatabaseKind
{
    public static TestDatabase Create() => TestDatabase.CreateSqlServer();
}

/// <summary>
/// Base of the data tests that run once per engine: a migrated database per test. Test methods use
/// [SkippableFact]/[SkippableTheory] so the SQL Server subclass reports "skipped" without a server.
/// </summary>
public abstract class DatabaseTests<TDb> : IAsyncLifetime where TDb : IDatabaseKind
{
    private TestDatabase? database;

    protected TestDatabase Db => database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    protected ConnectionFactory Connections => Db.Connections;

    public virtual Task InitializeAsync()
    {
        database = TDb.Create();
        database.Migrate();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}
