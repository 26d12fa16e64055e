using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace CallCenter.Data.Database;

/// <summary>
/// Opens connections for one operation at a time (never keep one in a field: Blazor Server scoped
/// services live as long as a circuit). Pooling makes a new connection per operation cheap.
/// </summary>
public sealed class ConnectionFactory
{
    private readonly string connectionString;
    private readonly string? sessionSql;

    // Set once the SQLite file has existed: from then on a missing file is a fault, not a database to create.
    private volatile bool sqliteFileSeen;

    /// <summary>Prepares the connection string for the provider (creating a SQLite file's folder); opens nothing yet.</summary>
    public ConnectionFactory(DatabaseOptions options)
    {
        Options = options;
        Dialect = SqlDialect.For(options.Provider);
        connectionString = Dialect.PrepareConnectionString(options.ConnectionString);
        sessionSql = SessionSqlFor(connectionString);
        SqliteFilePath = Dialect.DatabaseFilePath(connectionString);
        CreateSqliteFolder(SqliteFilePath);
        sqliteFileSeen = SqliteFilePath is not null && File.Exists(SqliteFilePath);
        DapperSetup.EnsureRegistered();
    }

    /// <summary>The configured provider and connection string.</summary>
    public DatabaseOptions Options { get; }

    /// <summary>The SQL dialect of the configured provider.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The effective connection string (for SQLite: with foreign keys and busy timeout set).</summary>
    public string ConnectionString => connectionString;

    /// <summary>The full path of the SQLite database file, or null (SQL Server, an in-memory database).</summary>
    public string? SqliteFilePath { get; }

    /// <summary>
    /// Opens a new connection. Throws <see cref="StorageFaultException"/> (<see cref="StorageFaultKind.Missing"/>)
    /// when the SQLite file has been deleted under the running app: pooled connections would otherwise go on
    /// reading and writing the unlinked file, and everything written after the delete would vanish at restart.
    /// </summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        EnsureSqliteFileExists();
        return OpenAsync(connectionString, sessionSql, cancellationToken);
    }

    /// <summary>
    /// Opens a connection for a health probe: not pooled, and its busy and command timeouts are
    /// <paramref name="timeout"/> (whole seconds, at least one) instead of the app's 30 seconds.
    /// </summary>
    public Task<DbConnection> OpenProbeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        EnsureSqliteFileExists();
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        var probe = Dialect.ProbeConnectionString(connectionString, seconds);
        return OpenAsync(probe, SessionSqlFor(probe), cancellationToken);
    }

    // The dialect's session statements, its busy timeout for this connection string, then the configured extra ones.
    private string? SessionSqlFor(string effectiveConnectionString)
    {
        var statements = new[] { Dialect.SessionSql, Dialect.BusyTimeoutSql(effectiveConnectionString), Options.ExtraSessionSql }
            .Where(s => s is not null).ToArray();
        return statements.Length == 0 ? null : string.Join(Environment.NewLine, statements);
    }

    // The session statements each pooled connection has run, by the engine's own connection: they hold for its lifetime
    // (a pragma is a setting of the connection), so a connection the pool hands out again skips them. Parsing and running
    // them was most of the cost of an open (about 18 of 24 µs on SQLite), paid by every query of every page. A connection
    // the pool closes goes out of the table with it.
    private static readonly ConditionalWeakTable<object, string> sessionsRun = new();

    private async Task ApplySessionAsync(DbConnection connection, string? effectiveSessionSql, CancellationToken cancellationToken)
    {
        if (effectiveSessionSql is null)
        {
            return;
        }
        var physical = Dialect.PhysicalConnection(connection);
        if (physical is not null && sessionsRun.TryGetValue(physical, out var run) && string.Equals(run, effectiveSessionSql, StringComparison.Ordinal))
        {
            return;
        }
        await ExecuteAsync(connection, effectiveSessionSql, cancellationToken);
        if (physical is not null)
        {
            sessionsRun.AddOrUpdate(physical, effectiveSessionSql);
        }
    }

    private async Task<DbConnection> OpenAsync(string effectiveConnectionString, string? effectiveSessionSql, CancellationToken cancellationToken)
    {
        var connection = Dialect.CreateConnection(effectiveConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ApplySessionAsync(connection, effectiveSessionSql, cancellationToken);
            if (SqliteFilePath is not null)
            {
                sqliteFileSeen = true;
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A stat of the SQLite file (3.5 µs measured here, on a loaded 2-core machine). Before the file first exists,
    /// opening creates it (a new database); afterwards its absence is a fault, and the pool is cleared so that no
    /// connection keeps the deleted file open once it is restored.
    /// </summary>
    private void EnsureSqliteFileExists()
    {
        if (SqliteFilePath is null || File.Exists(SqliteFilePath) || !sqliteFileSeen)
        {
            return;
        }
        Dialect.ClearPool(connectionString);
        throw new StorageFaultException(StorageFaultKind.Missing,
            $"The SQLite database file {SqliteFilePath} no longer exists (deleted or moved while the app runs).");
    }

    // The first start creates App_Data/. A folder that cannot be created is not an error here (constructing a
    // service must not throw): opening the database then fails, and the start-up check names the folder.
    private static void CreateSqliteFolder(string? file)
    {
        if (Path.GetDirectoryName(file) is { Length: > 0 } folder)
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Reported by DatabaseStartupCheck, and by every open, as a storage fault.
            }
        }
    }

    /// <summary>
    /// Prepares a connection for a bulk write (see <see cref="SqlDialect.BulkSessionSql"/>); disposing the
    /// result restores it, so the pooled connection does not keep a large cache.
    /// </summary>
    public async Task<IAsyncDisposable> PrepareForBulkAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync(connection, Dialect.BulkSessionSql, cancellationToken);
        return new BulkSession(connection, Dialect.BulkSessionEndSql);
    }

    /// <summary>Ends the staging part of a bulk session begun by <see cref="PrepareForBulkAsync"/> (<see cref="SqlDialect.BulkStagingEndSql"/>).</summary>
    public Task EndBulkStagingAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        ExecuteAsync(connection, Dialect.BulkStagingEndSql, cancellationToken);

    private static async Task ExecuteAsync(DbConnection connection, string? sql, CancellationToken cancellationToken)
    {
        if (sql is not null)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed class BulkSession(DbConnection connection, string? endSql) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State == ConnectionState.Open)
            {
                await ExecuteAsync(connection, endSql, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Begins a transaction that is going to write. On SQLite this is BEGIN IMMEDIATE, so two circuits
    /// that read then write wait for each other instead of failing with a busy snapshot.
    /// </summary>
    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        Dialect.BeginWriteAsync(connection, cancellationToken);

    /// <summary>
    /// Begins a transaction that only reads: one consistent view of the database for a check or a preview. On SQLite
    /// this is a deferred BEGIN, a WAL reader that never blocks a writer (operators keep saving while a register is
    /// checked); on SQL Server, READ COMMITTED (with READ_COMMITTED_SNAPSHOT, as the README sets it up, readers take no
    /// locks that writers wait for). Never write inside it: on SQLite that would turn it into a writer.
    /// </summary>
    public Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        Dialect.BeginReadAsync(connection, cancellationToken);
}
