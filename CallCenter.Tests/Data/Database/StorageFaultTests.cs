using CallCenter.Data.Database;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// <see cref="StorageFault.Classify"/> against the errors real SQLite files raise (busy, full, read-only, cannot
/// open), and the data layer noticing a database file deleted under it.
/// </summary>
public sealed class StorageFaultTests : IAsyncLifetime
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();

    public Task InitializeAsync()
    {
        db.Migrate();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    private SqliteConnection Raw(string extra = "")
    {
        var connection = new SqliteConnection($"Data Source={db.Path};Pooling=False{extra}");
        connection.Open();
        return connection;
    }

    [Fact]
    public void Classify_LeavesAnIoErrorAlone_UnlessItIsBeneathADatabaseError()
    {
        Assert.Null(StorageFault.Classify(new IOException("No space left on device (the temporary folder)")));
        Assert.Null(StorageFault.Classify(new InvalidOperationException("wrapped", new IOException("temp file"))));
        var broken = new SqliteException("connection broken", 0);
        Assert.Equal(StorageFaultKind.Unavailable,
            StorageFault.Classify(new InvalidOperationException("wrapped", new TestDbException(new IOException("reset by peer")))));
        Assert.Null(StorageFault.Classify(broken));
    }

    private sealed class TestDbException(Exception inner) : System.Data.Common.DbException("provider error", inner);

    [Fact]
    public void IsDuplicateKey_IsTrue_ForAPrimaryKeyOrUniqueViolation_Only()
    {
        using var connection = Raw();
        connection.Execute("INSERT INTO Settings (Name, Value) VALUES ('dup', 'a')");
        var duplicate = Assert.Throws<SqliteException>(() => connection.Execute("INSERT INTO Settings (Name, Value) VALUES ('dup', 'b')"));
        connection.Execute("CREATE TABLE UniqueProbe (Id INTEGER PRIMARY KEY, Code TEXT NOT NULL UNIQUE)");
        connection.Execute("INSERT INTO UniqueProbe (Code) VALUES ('x')");
        var unique = Assert.Throws<SqliteException>(() => connection.Execute("INSERT INTO UniqueProbe (Code) VALUES ('x')"));
        var notNull = Assert.Throws<SqliteException>(() => connection.Execute("INSERT INTO UniqueProbe (Code) VALUES (NULL)"));

        Assert.True(SqlDialect.Sqlite.IsDuplicateKey(duplicate));
        Assert.True(SqlDialect.Sqlite.IsDuplicateKey(unique));
        Assert.False(SqlDialect.Sqlite.IsDuplicateKey(notNull));
        Assert.False(SqlDialect.SqlServer.IsDuplicateKey(duplicate));
    }

    [Fact]
    public void Classify_SaysBusy_When_AnotherConnectionHoldsTheWriteLock()
    {
        using var holder = Raw();
        using var held = holder.BeginTransaction(deferred: false);
        using var other = Raw(";Default Timeout=1");

        var e = Assert.Throws<SqliteException>(() => other.BeginTransaction(deferred: false));

        Assert.Equal(StorageFaultKind.Busy, StorageFault.Classify(e));
    }

    [Fact]
    public void Classify_SaysFull_When_TheDatabaseCannotGrow()
    {
        using var connection = Raw();
        var pages = connection.ExecuteScalar<long>("PRAGMA page_count");
        connection.Execute($"PRAGMA max_page_count = {pages}");

        var e = Assert.Throws<SqliteException>(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                connection.Execute("INSERT INTO Settings (Name, Value) VALUES (@Name, @Value)",
                    new { Name = $"filler-{i}", Value = new string('x', 900) });
            }
        });

        Assert.Equal(StorageFaultKind.Full, StorageFault.Classify(e));
    }

    [Fact]
    public void Classify_SaysReadOnly_When_TheFileIsOpenedReadOnly()
    {
        using var connection = Raw(";Mode=ReadOnly");

        var e = Assert.Throws<SqliteException>(() => connection.Execute("INSERT INTO Settings (Name, Value) VALUES ('x', 'y')"));

        Assert.Equal(StorageFaultKind.ReadOnly, StorageFault.Classify(e));
    }

    [Fact]
    public void Classify_SaysMissing_When_TheFileCannotBeOpened()
    {
        var missing = Path.Combine(Path.GetTempPath(), "callcenter-tests", $"{Guid.NewGuid():N}", "none.db");
        using var connection = new SqliteConnection($"Data Source={missing};Mode=ReadWrite");

        var e = Assert.Throws<SqliteException>(connection.Open);

        Assert.Equal(StorageFaultKind.Missing, StorageFault.Classify(e));
    }

    [Fact]
    public void Classify_FindsTheFault_Inside_AnotherException_And_IgnoresOrdinaryErrors()
    {
        using var connection = Raw();
        var syntax = Assert.Throws<SqliteException>(() => connection.Execute("SELECT * FROM NoSuchTable"));

        Assert.Null(StorageFault.Classify(syntax));
        Assert.Null(StorageFault.Classify(new InvalidOperationException("not storage")));
        Assert.Equal(StorageFaultKind.Missing,
            StorageFault.Classify(new InvalidOperationException("wrapped", new StorageFaultException(StorageFaultKind.Missing, "gone"))));
    }

    [Fact]
    public async Task OpenAsync_RefusesAWrite_When_TheFileWasDeleted_Instead_Of_WritingIntoTheVoid()
    {
        // A pooled connection that already has the file open is what would keep writing to the deleted inode.
        await using (var warm = await db.Connections.OpenAsync())
        {
            await warm.ExecuteAsync("INSERT INTO Settings (Name, Value) VALUES ('before', '1')");
        }

        File.Delete(db.Path);
        var e = await Assert.ThrowsAsync<StorageFaultException>(async () =>
        {
            await using var connection = await db.Connections.OpenAsync();
            await connection.ExecuteAsync("INSERT INTO Settings (Name, Value) VALUES ('after', '1')");
        });

        Assert.Equal(StorageFaultKind.Missing, e.Kind);
        Assert.Equal(StorageFaultKind.Missing, StorageFault.Classify(e));
        Assert.Contains(db.Path, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(db.Path));
    }

    [Fact]
    public async Task OpenAsync_CreatesTheFile_When_TheDatabaseIsNew()
    {
        await using var fresh = TestDatabase.CreateSqlite();

        await using (var connection = await fresh.Connections.OpenAsync())
        {
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT 1"));
        }

        Assert.True(File.Exists(fresh.Path));
    }
}
