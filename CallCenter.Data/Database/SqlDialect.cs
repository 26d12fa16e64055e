using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CallCenter.Data.Database;

/// <summary>
/// The one place where SQLite and SQL Server differ, and the only file of CallCenter.Data that names
/// Microsoft.Data.Sqlite or Microsoft.Data.SqlClient (a test holds this). Repositories write portable SQL and mark
/// the few dialect-specific spots with tokens, which <see cref="Render"/> replaces:
/// <list type="bullet">
/// <item><c>{page}</c>: paging after an ORDER BY, with parameters <c>@Skip</c> and <c>@Take</c>.</item>
/// <item><c>{last_id}</c>: a SELECT of the identity value the previous INSERT created.</item>
/// <item><c>{temp}</c>: the prefix of a connection's own temporary table (<c>temp.</c> / <c>#</c>).</item>
/// <item><c>{bin}</c>: exact (binary) comparison of text: nothing on SQLite, whose default is binary; a binary
/// collation on SQL Server, whose database collation may ignore case, width or kana.</item>
/// </list>
/// Besides SQL it owns what a provider's ADO.NET types do differently: the connection string (its preparation,
/// the file it names, how it is described without secrets), the start of a read or write transaction, clearing
/// the pool, the database-wide set-up before migrations, and the classification of its exceptions.
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

    /// <summary>Prefix naming a temporary table private to the connection.</summary>
    protected abstract string TempPrefix { get; }

    /// <summary>Collation clause for an exact comparison of text, or empty.</summary>
    protected abstract string BinaryCollation { get; }

    /// <summary>
    /// A query of the secondary indexes of the table named <c>@Table</c> as (name, CREATE statement, its columns separated
    /// by commas), which a bulk load
    /// into a nearly empty table may drop and build again after it, in the same transaction; null where the engine's
    /// own bulk path is used instead (SQL Server).
    /// </summary>
    public virtual string? SecondaryIndexesSql => null;

    /// <summary>
    /// Statements that prepare a connection for a bulk write (a register import of a whole town or
    /// prefecture), or null. SQLite's default 2 MB page cache makes index maintenance dominate above a few
    /// hundred thousand rows.
    /// </summary>
    public virtual string? BulkSessionSql => null;

    /// <summary>Undoes <see cref="BulkSessionSql"/> before the connection goes back to the pool.</summary>
    public virtual string? BulkSessionEndSql => null;

    /// <summary>
    /// Gives back, once a bulk write's rows are staged and checked, the cache its staging tables had (SQLite's temp
    /// schema has a page cache of its own), so the two caches are never both full; or null.
    /// </summary>
    public virtual string? BulkStagingEndSql => null;

    /// <summary>A checkpoint of the write-ahead log that blocks no one (SQLite), or null.</summary>
    public virtual string? CheckpointSql => null;

    /// <summary>
    /// Whether the engine groups millions of rows cheaply (a hash aggregate: SQL Server). SQLite sorts every row through
    /// a temporary b-tree to group it, several times slower than reading the rows once and counting in the client: a
    /// summary recounted in bulk is counted in the client there.
    /// </summary>
    public virtual bool GroupsLargeSetsQuickly => true;

    /// <summary>Statements run on every connection as it is opened, or null.</summary>
    public virtual string? SessionSql => null;

    /// <summary>
    /// A statement run on every connection as it is opened that makes the engine itself wait for a lock held by another
    /// connection for as long as <paramref name="connectionString"/>'s timeout allows, or null where the engine already does.
    /// </summary>
    public virtual string? BusyTimeoutSql(string connectionString) => null;

    /// <summary>Opens a new connection to the database.</summary>
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>
    /// The engine's own connection under an open <paramref name="connection"/>, the same object each time the pool hands
    /// out that connection again (settings made on it are still in force), or null where it cannot be told.
    /// </summary>
    public virtual object? PhysicalConnection(DbConnection connection) => null;

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

    /// <summary>
    /// The connection string the app uses for a configured one. SQLite: foreign keys on, and a busy timeout of 30 s
    /// unless the string names one. SQL Server: unchanged.
    /// </summary>
    public virtual string PrepareConnectionString(string connectionString) => connectionString;

    /// <summary>
    /// The connection string with a relative database file made absolute against <paramref name="baseDirectory"/>
    /// (SQLite); unchanged where the database is not a file. Throws <see cref="InvalidOperationException"/> naming
    /// ConnectionStrings:CallCenter when the string cannot be read.
    /// </summary>
    public virtual string ResolveRelativePaths(string connectionString, string baseDirectory) => connectionString;

    /// <summary>The full path of the database file a connection string names, or null (SQL Server, an in-memory database).</summary>
    public virtual string? DatabaseFilePath(string connectionString) => null;

    /// <summary>
    /// The database and server a connection string names, never its password; null where the database is a file
    /// (see <see cref="DatabaseFilePath"/>) or the string cannot be read.
    /// </summary>
    public virtual (string Database, string Server)? ServerAndDatabase(string connectionString) => null;

    /// <summary>Closes the pooled connections of a connection string, so that none keeps a deleted file open (SQLite).</summary>
    public virtual void ClearPool(string connectionString)
    {
    }

    /// <summary>Database-wide set-up before the migrations run (SQLite: the write-ahead log, stored in the file).</summary>
    public virtual void PrepareDatabase(string connectionString)
    {
    }

    /// <summary>
    /// The connection string the migrations run on. SQLite: foreign keys off, because a migration that rebuilds a table
    /// (the only way SQLite changes a constraint) drops it while other tables still refer to it; see
    /// <see cref="ForeignKeyCheckSql"/>. SQL Server: unchanged.
    /// </summary>
    public virtual string MigrationConnectionString(string connectionString) => connectionString;

    /// <summary>
    /// A query returning a row per broken foreign key, run after the migrations (SQLite, whose migrations run with the
    /// keys off); null where the engine checks every statement.
    /// </summary>
    public virtual string? ForeignKeyCheckSql => null;

    /// <summary>
    /// Begins a transaction that is going to write. SQLite: BEGIN IMMEDIATE, so two circuits that read then write
    /// wait for each other instead of failing with a busy snapshot. SQL Server: READ COMMITTED.
    /// </summary>
    public virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>
    /// Begins a transaction that only reads. SQLite: a deferred BEGIN, a WAL reader that never blocks a writer.
    /// SQL Server: READ COMMITTED.
    /// </summary>
    public virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    /// <summary>The storage fault this provider's exception reports, or null (not this provider's, or not a storage fault).</summary>
    public abstract StorageFaultKind? ClassifyFault(DbException exception);

    /// <summary>
    /// Whether <paramref name="exception"/> is this provider's primary-key or unique-index violation: the loser of
    /// two first-time inserts of the same key (an upsert race on SQL Server, where READ COMMITTED does not serialize
    /// writers the way SQLite's BEGIN IMMEDIATE does) retries as an update.
    /// </summary>
    public abstract bool IsDuplicateKey(DbException exception);

    /// <summary>
    /// An INSERT prepared once for appending many rows inside the caller's transaction (<see cref="RowAppender"/>):
    /// <paramref name="sql"/> already rendered, its parameters named in <paramref name="parameterNames"/> (without @).
    /// </summary>
    internal virtual RowAppender CreateAppender(DbConnection connection, DbTransaction? transaction, string sql, string[] parameterNames) =>
        new CommandAppender(connection, transaction, sql, parameterNames);

    /// <summary>Replaces the dialect tokens in <paramref name="sql"/>; results are cached per SQL text.</summary>
    public string Render(string sql) =>
        rendered.GetOrAdd(sql, s => s.Replace("{page}", Page, StringComparison.Ordinal)
                                     .Replace("{last_id}", LastId, StringComparison.Ordinal)
                                     .Replace("{temp}", TempPrefix, StringComparison.Ordinal)
                                     .Replace("{bin}", BinaryCollation, StringComparison.Ordinal));

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
        protected override string TempPrefix => "temp.";
        protected override string BinaryCollation => "";

        // Indexes made by a constraint (UNIQUE, PRIMARY KEY) have no SQL and stay.
        // Partial indexes stay: they hold only the rows with a value (db/sqlite/0031), which an import's new rows lack.
        public override string? SecondaryIndexesSql => """
            SELECT m.name, m.sql, (SELECT group_concat(c.name, ',') FROM pragma_index_info(m.name) c) AS columns
              FROM sqlite_master m
              JOIN pragma_index_list(@Table) l ON l.name = m.name
             WHERE m.type = 'index' AND m.tbl_name = @Table AND m.sql IS NOT NULL AND l.partial = 0
             ORDER BY m.name;
            """;
        // The register's cache and, while rows are staged (temporary tables), the temp schema's: a million staged rows
        // spill from the 2 MB default and are read back through the file four times (duplicates, households, compare, insert).
        public override string? BulkSessionSql => "PRAGMA cache_size = -131072; PRAGMA temp.cache_size = -131072;";
        public override string? BulkStagingEndSql => "PRAGMA temp.cache_size = -2000;";

        // SQLite's own statement: a staged row costs a third of a Microsoft.Data.Sqlite command's execution.
        internal override RowAppender CreateAppender(DbConnection connection, DbTransaction? transaction, string sql, string[] parameterNames) =>
            new SqliteRowAppender((SqliteConnection)connection, sql, parameterNames);

        // Checkpoints copy the WAL back into the database file; run by the committing connection they add
        // tens of milliseconds to an operator's save. WalCheckpointer runs them in the background instead; the
        // high threshold only guards against a WAL that nothing checkpoints (a long CLI import, say).
        public override string? SessionSql => "PRAGMA wal_autocheckpoint = 10000;";

        // Microsoft.Data.Sqlite meets a busy database by sleeping 150 ms and trying again (SqliteCommand, SqliteTransaction),
        // blocking a thread-pool thread each time: under 30 saves at once one in ten waited 150 ms for a lock held 3 ms.
        // SQLite's own busy handler waits inside the statement (1, 2, 5, 10, … ms, at most 100 ms between tries) until
        // the same timeout, after which Microsoft.Data.Sqlite's elapsed time is spent too and it throws as before.
        public override string? BusyTimeoutSql(string connectionString)
        {
            var seconds = new SqliteConnectionStringBuilder(connectionString).DefaultTimeout;
            var milliseconds = seconds <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, seconds * 1000L);
            return string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {milliseconds};");
        }

        public override string? CheckpointSql => "PRAGMA wal_checkpoint(PASSIVE);";
        public override bool GroupsLargeSetsQuickly => false;
        public override string? BulkSessionEndSql => "PRAGMA cache_size = -2000; PRAGMA temp.cache_size = -2000;";
        public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

        // The sqlite3 handle: Microsoft.Data.Sqlite's pool keeps it open between uses, with its pragmas.
        public override object? PhysicalConnection(DbConnection connection) => (connection as SqliteConnection)?.Handle;

        // Microsoft.Data.Sqlite retries a busy database until the command timeout, which defaults to DefaultTimeout.
        public override string ProbeConnectionString(string connectionString, int timeoutSeconds) =>
            new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = timeoutSeconds, Pooling = false }.ToString();

        // max_page_count holds per connection (ExtraSessionSql may set it); the rest are properties of the file.
        public override string? PageCountsSql =>
            "PRAGMA max_page_count; PRAGMA page_count; PRAGMA freelist_count; PRAGMA page_size;";

        public override string? WriteProbeSql => "CREATE TABLE main.StartupWriteProbe (Id INTEGER);";

        public override string PrepareConnectionString(string connectionString)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString)
            {
                ForeignKeys = true,
            };
            // Microsoft.Data.Sqlite retries a busy database until the command timeout: this is the busy timeout.
            // 30 s unless the connection string names one (tests of a locked database use a second or two).
            var named = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!named.ContainsKey("Default Timeout") && !named.ContainsKey("Command Timeout") && builder.DefaultTimeout < 30)
            {
                builder.DefaultTimeout = 30;
            }
            return builder.ToString();
        }

        public override string ResolveRelativePaths(string connectionString, string baseDirectory)
        {
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"ConnectionStrings:CallCenter is not a valid SQLite connection string: {e.Message}", e);
            }
            var dataSource = builder.DataSource;
            if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && !Path.IsPathRooted(dataSource)
                && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, dataSource));
            }
            return builder.ToString();
        }

        public override string? DatabaseFilePath(string connectionString)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            var dataSource = builder.DataSource;
            return string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory
                   || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
                ? null
                : Path.GetFullPath(dataSource);
        }

        public override void ClearPool(string connectionString)
        {
            using var pooled = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(pooled);
        }

        public override string MigrationConnectionString(string connectionString) =>
            new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = false }.ToString();

        public override string? ForeignKeyCheckSql => "PRAGMA foreign_key_check;";

        public override void PrepareDatabase(string connectionString)
        {
            // journal_mode=WAL is stored in the database file, so setting it once covers every later connection.
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }

        // A connection of another provider (none the app opens) gets the portable transaction.
        public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
            connection is SqliteConnection sqlite
                ? Task.FromResult<DbTransaction>(sqlite.BeginTransaction(deferred: false))
                : base.BeginWriteAsync(connection, cancellationToken);

        public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
            connection is SqliteConnection sqlite
                ? Task.FromResult<DbTransaction>(sqlite.BeginTransaction(deferred: true))
                : base.BeginReadAsync(connection, cancellationToken);

        // Primary result codes (the low byte of an extended code): https://sqlite.org/rescode.html
        // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
        public override bool IsDuplicateKey(DbException exception) =>
            exception is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

        // SQLITE_IOERR_SHMSIZE (4874): the -shm index could not be extended, which on a full disk is what a write
        // reports instead of SQLITE_FULL (seen on a full tmpfs); it is the disk, not a broken file.
        public override StorageFaultKind? ClassifyFault(DbException exception) => exception is SqliteException { SqliteExtendedErrorCode: 4874 }
            ? StorageFaultKind.Full
            : exception is SqliteException sqlite
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
        protected override string TempPrefix => "#";
        protected override string BinaryCollation => "COLLATE Latin1_General_100_BIN2";
        public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

        public override string ProbeConnectionString(string connectionString, int timeoutSeconds) =>
            new SqlConnectionStringBuilder(connectionString)
            {
                ConnectTimeout = timeoutSeconds, CommandTimeout = timeoutSeconds, Pooling = false,
            }.ToString();

        public override (string Database, string Server)? ServerAndDatabase(string connectionString)
        {
            try
            {
                var builder = new SqlConnectionStringBuilder(connectionString);
                return (builder.InitialCatalog, builder.DataSource);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        // Error numbers from sys.messages, plus the client-side codes SqlClient reports for timeouts (-2) and
        // unreachable servers (53, 258, 10053, 10054, 10060, 40613).
        // 2627: violation of a PRIMARY KEY or UNIQUE constraint; 2601: duplicate key row in a unique index.
        public override bool IsDuplicateKey(DbException exception) =>
            exception is SqlException { Number: 2627 or 2601 };

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

// SQLite's side of SqlDialect.CreateAppender: here, as the one place that names the providers.
/// <summary>
/// SQLite's own prepared statement (sqlite3_prepare_v2, bind, step, reset), bypassing the per-execution work of
/// Microsoft.Data.Sqlite's command (a data reader per row, each parameter looked up by name and converted). Values are
/// bound as Microsoft.Data.Sqlite binds them: integers, booleans and enums as integers, floating point as reals, text as
/// text, <see cref="DateOnly"/> as <c>yyyy-MM-dd</c>, <see cref="DateTime"/> (UTC, to the millisecond, as
/// <see cref="PreparedCommand"/> stores it) as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, byte arrays as blobs; any other type
/// is refused rather than guessed.
/// </summary>
internal sealed class SqliteRowAppender : RowAppender
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly int[] indexes;

    public SqliteRowAppender(SqliteConnection connection, string sql, string[] parameterNames)
    {
        database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(database, sql, out statement), database);
        indexes = new int[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            indexes[i] = raw.sqlite3_bind_parameter_index(statement, "@" + parameterNames[i]);
            if (indexes[i] == 0)
            {
                statement.Dispose();
                throw new ArgumentException($"The statement has no parameter @{parameterNames[i]}.", nameof(parameterNames));
            }
        }
        if (raw.sqlite3_bind_parameter_count(statement) != parameterNames.Length)
        {
            statement.Dispose();
            throw new ArgumentException("Every parameter of the statement must be named once.", nameof(parameterNames));
        }
    }

    public override ValueTask AppendAsync(object?[] values, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (values.Length != indexes.Length)
        {
            throw new ArgumentException($"{indexes.Length} values expected, {values.Length} given.", nameof(values));
        }
        for (var i = 0; i < values.Length; i++)
        {
            Bind(indexes[i], values[i]);
        }
        var step = raw.sqlite3_step(statement);
        // Reset returns the step's error again; the statement is ready for the next row either way.
        raw.sqlite3_reset(statement);
        if (step != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(step == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : step, database);
        }
        return ValueTask.CompletedTask;
    }

    private void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            string text => raw.sqlite3_bind_text16(statement, index, text),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            byte number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            Enum e => raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
            double real => raw.sqlite3_bind_double(statement, index, real),
            float real => raw.sqlite3_bind_double(statement, index, real),
            DateOnly date => raw.sqlite3_bind_text16(statement, index, date.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
            DateTime time => raw.sqlite3_bind_text16(statement, index,
                DapperSetup.ToStored(time).ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            byte[] blob => raw.sqlite3_bind_blob(statement, index, blob),
            _ => throw new NotSupportedException($"A value of type {value.GetType().Name} cannot be appended."),
        };
        SqliteException.ThrowExceptionForRC(rc, database);
    }

    public override ValueTask DisposeAsync()
    {
        statement.Dispose();
        return ValueTask.CompletedTask;
    }
}
