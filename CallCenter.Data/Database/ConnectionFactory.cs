using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace CallCenter.Data.Database;

/// <summary>
/// Opens connections for one operation at a time (never keep one in a field: Blazor Server scoped
/// services live as long as a circuit). Pooling makes a new connection per operation cheap.
/// </summary>
public sealed class ConnectionFactory
{
    private readonly string connectionString;

    public ConnectionFactory(DatabaseOptions options)
    {
        Options = options;
        Dialect = SqlDialect.For(options.Provider);
        connectionString = options.Provider == DatabaseProvider.Sqlite
            ? PrepareSqlite(options.ConnectionString)
            : options.ConnectionString;
        DapperSetup.EnsureRegistered();
    }

    /// <summary>The configured provider and connection string.</summary>
    public DatabaseOptions Options { get; }

    /// <summary>The SQL dialect of the configured provider.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The effective connection string (for SQLite: with foreign keys and busy timeout set).</summary>
    public string ConnectionString => connectionString;

    /// <summary>Opens a new connection.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dialect.CreateConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, Dialect.SessionSql, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
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
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>
    /// Begins a transaction that only reads: one consistent view of the database for a check or a preview. On SQLite
    /// this is a deferred BEGIN, a WAL reader that never blocks a writer (operators keep saving while a register is
    /// checked); on SQL Server, READ COMMITTED (with READ_COMMITTED_SNAPSHOT, as the README sets it up, readers take no
    /// locks that writers wait for). Never write inside it: on SQLite that would turn it into a writer.
    /// </summary>
    public async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
        };
        // Microsoft.Data.Sqlite retries a busy database until the command timeout: this is the busy timeout.
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }
        var dataSource = builder.DataSource;
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        return builder.ToString();
    }
}
