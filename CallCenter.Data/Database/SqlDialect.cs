using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CallCenter.Data.Database;

/// <summary>
/// The one place where SQLite and SQL Server differ. Repositories write portable SQL and mark the few
/// dialect-specific spots with tokens, which <see cref="Render"/> replaces:
/// <list type="bullet">
/// <item><c>{page}</c>: paging after an ORDER BY, with parameters <c>@Skip</c> and <c>@Take</c>.</item>
/// <item><c>{last_id}</c>: a SELECT of the identity value the previous INSERT created.</item>
/// </list>
/// </summary>
public abstract class SqlDialect
{
    private readonly ConcurrentDictionary<string, string> rendered = new();

    /// <summary>The engine this dialect speaks to.</summary>
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Paging clause that follows an ORDER BY, using @Skip and @Take.</summary>
    protected abstract string Page { get; }

    /// <summary>Statement returning the identity value of the previous INSERT as a 64-bit integer.</summary>
    protected abstract string LastId { get; }

    /// <summary>
    /// Statements that prepare a connection for a bulk write (a register import of a whole town or
    /// prefecture), or null. SQLite's default 2 MB page cache makes index maintenance dominate above a few
    /// hundred thousand rows.
    /// </summary>
    public virtual string? BulkSessionSql => null;

    /// <summary>Undoes <see cref="BulkSessionSql"/> before the connection goes back to the pool.</summary>
    public virtual string? BulkSessionEndSql => null;

    /// <summary>A checkpoint of the write-ahead log that blocks no one (SQLite), or null.</summary>
    public virtual string? CheckpointSql => null;

    /// <summary>Statements run on every connection as it is opened, or null.</summary>
    public virtual string? SessionSql => null;

    /// <summary>Opens a new connection to the database.</summary>
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>
    /// The connection string of a health probe: unpooled, with busy, connect and command timeouts of
    /// <paramref name="timeoutSeconds"/>.
    /// </summary>
    public abstract string ProbeConnectionString(string connectionString, int timeoutSeconds);

    /// <summary>
    /// Statements returning, as four one-row results, the most pages the database may have, the pages it has,
    /// its free pages and the page size (SQLite); null where the engine manages its own files (SQL Server).
    /// </summary>
    public virtual string? PageCountsSql => null;

    /// <summary>
    /// A write that needs no table of the schema, to run inside a write transaction that is then rolled back: on
    /// SQLite in WAL mode, BEGIN IMMEDIATE succeeds on a read-only file and only a write fails. Null where
    /// beginning the transaction is test enough.
    /// </summary>
    public virtual string? WriteProbeSql => null;

    /// <summary>The storage fault this provider's exception reports, or null (not this provider's, or not a storage fault).</summary>
    public abstract StorageFaultKind? ClassifyFault(DbException exception);

    /// <summary>Replaces the dialect tokens in <paramref name="sql"/>; results are cached per SQL text.</summary>
    public string Render(string sql) =>
        rendered.GetOrAdd(sql, s => s.Replace("{page}", Page, StringComparison.Ordinal)
                                     .Replace("{last_id}", LastId, StringComparison.Ordinal));

    /// <summary>The dialect for a provider.</summary>
    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => Sqlite,
        DatabaseProvider.SqlServer => SqlServer,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>SQLite (Microsoft.Data.Sqlite).</summary>
    public static readonly SqlDialect Sqlite = new SqliteDialect();

    /// <summary>SQL Server (Microsoft.Data.SqlClient).</summary>
    public static readonly SqlDialect SqlServer = new SqlServerDialect();

    private sealed class SqliteDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
        protected override string Page => "LIMIT @Take OFFSET @Skip";
        protected override string LastId => "SELECT last_insert_rowid();";
        public override string? BulkSessionSql => "PRAGMA cache_size = -131072;";

        // Checkpoints copy the WAL back into the database file; run by the committing connection they add
        // tens of milliseconds to an operator's save. WalCheckpointer runs them in the background instead; the
        // high threshold only guards against a WAL that nothing checkpoints (a long CLI import, say).
        public override string? SessionSql => "PRAGMA wal_autocheckpoint = 10000;";
        public override string? CheckpointSql => "PRAGMA wal_checkpoint(PASSIVE);";
        public override string? BulkSessionEndSql => "PRAGMA cache_size = -2000;";
        public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

        // Microsoft.Data.Sqlite retries a busy database until the command timeout, which defaults to DefaultTimeout.
        public override string ProbeConnectionString(string connectionString, int timeoutSeconds) =>
            new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = timeoutSeconds, Pooling = false }.ToString();

        // max_page_count holds per connection (ExtraSessionSql may set it); the rest are properties of the file.
        public override string? PageCountsSql =>
            "PRAGMA max_page_count; PRAGMA page_count; PRAGMA freelist_count; PRAGMA page_size;";

        public override string? WriteProbeSql => "CREATE TABLE main.StartupWriteProbe (Id INTEGER);";

        // Primary result codes (the low byte of an extended code): https://sqlite.org/rescode.html
        public override StorageFaultKind? ClassifyFault(DbException exception) => exception is SqliteException sqlite
            ? (sqlite.SqliteErrorCode & 0xFF) switch
            {
                5 or 6 => StorageFaultKind.Busy,            // SQLITE_BUSY, SQLITE_LOCKED
                13 => StorageFaultKind.Full,                // SQLITE_FULL
                8 => StorageFaultKind.ReadOnly,             // SQLITE_READONLY
                14 => StorageFaultKind.Missing,             // SQLITE_CANTOPEN
                10 or 11 or 26 => StorageFaultKind.Unavailable, // SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB
                _ => null,
            }
            : null;
    }

    private sealed class SqlServerDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
        protected override string Page => "OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY";
        protected override string LastId => "SELECT CAST(SCOPE_IDENTITY() AS BIGINT);";
        public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

        public override string ProbeConnectionString(string connectionString, int timeoutSeconds) =>
            new SqlConnectionStringBuilder(connectionString)
            {
                ConnectTimeout = timeoutSeconds, CommandTimeout = timeoutSeconds, Pooling = false,
            }.ToString();

        // Error numbers from sys.messages, plus the client-side codes SqlClient reports for timeouts (-2) and
        // unreachable servers (53, 258, 10053, 10054, 10060, 40613).
        public override StorageFaultKind? ClassifyFault(DbException exception) => exception is SqlException sql
            ? sql.Number switch
            {
                -2 or 1205 or 1222 => StorageFaultKind.Busy,          // timeout, deadlock victim, lock request time-out
                1101 or 1105 or 9002 => StorageFaultKind.Full,         // no room in filegroup, transaction log full
                3906 or 3908 => StorageFaultKind.ReadOnly,             // database is read-only
                4060 or 911 => StorageFaultKind.Missing,               // cannot open / does not exist
                53 or 258 or 233 or 10053 or 10054 or 10060 or 40613 or 823 or 824 => StorageFaultKind.Unavailable,
                _ => null,
            }
            : null;
    }
}
