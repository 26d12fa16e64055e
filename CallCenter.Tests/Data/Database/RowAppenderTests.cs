using System.Data.Common;
using CallCenter.Data.Database;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Tests.Data.Database;

/// <summary>
/// The row appender the register import stages its rows with (<see cref="SqlDialect.CreateAppender"/>): rows appended
/// through it are stored exactly as the same values through an ADO.NET command (on SQLite it binds SQLite's own
/// statement, so the two are compared value by value and type by type), inside the caller's transaction.
/// </summary>
public abstract class RowAppenderTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private enum Kind { None = 0, Some = 7 }

    private const string CreateSql = """
        CREATE TABLE {temp}{table} (
            Id       INTEGER        NOT NULL PRIMARY KEY,
            Small    INTEGER        NULL,
            Big      BIGINT         NULL,
            Flag     INTEGER        NULL,
            Name     NVARCHAR(50)   NULL,
            Born     DATE           NULL,
            Stamp    DATETIME2      NULL,
            Ratio    FLOAT          NULL,
            Kind     INTEGER        NULL,
            Bytes    VARBINARY(10)  NULL
        )
        """;

    protected const string InsertSql = """
        INSERT INTO {temp}{table} (Id, Small, Big, Flag, Name, Born, Stamp, Ratio, Kind, Bytes)
             VALUES (@Id, @Small, @Big, @Flag, @Name, @Born, @Stamp, @Ratio, @Kind, @Bytes)
        """;

    protected static readonly string[] Names = ["Id", "Small", "Big", "Flag", "Name", "Born", "Stamp", "Ratio", "Kind", "Bytes"];

    // Names with multibyte characters, a surrogate pair (𠮷), a variation selector, an empty string; every type nullable.
    protected static readonly object?[][] Rows =
    [
        [1, 42, 9_000_000_000L, true, "髙橋　𠮷男", new DateOnly(1970, 3, 15), new DateTime(2026, 12, 7, 9, 30, 15, 123, DateTimeKind.Utc).AddTicks(4567), 0.25, Kind.Some, new byte[] { 0, 1, 255 }],
        [2, -7, -1L, false, "葛\U000E0100城　ミドリ", new DateOnly(1926, 12, 25), new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), -1.5, Kind.None, Array.Empty<byte>()],
        [3, null, null, null, null, null, null, null, null, null],
        [4, 0, 0L, false, "", new DateOnly(2000, 2, 29), new DateTime(2026, 6, 30, 23, 59, 59, 999, DateTimeKind.Utc), 1e-3, Kind.Some, new byte[] { 7 }],
    ];

    protected string Render(string sql, string table) =>
        Connections.Dialect.Render(sql.Replace("{table}", table, StringComparison.Ordinal));

    // A real table "Kept" instead of the temporary one, for rows that must outlive (or not) a transaction.
    private string Permanent(string sql) =>
        Connections.Dialect.Render(sql.Replace("{temp}{table}", "Kept", StringComparison.Ordinal));

    protected async Task CreateAsync(DbConnection connection, DbTransaction transaction, string table) =>
        await connection.ExecuteAsync(Render(CreateSql, table), transaction: transaction);

    private protected RowAppender Appender(DbConnection connection, DbTransaction transaction, string table) =>
        Connections.Dialect.CreateAppender(connection, transaction, Render(InsertSql, table), Names);

    /// <summary>Appends <see cref="Rows"/> into ByAppender through the dialect's appender and into ByCommand through a command.</summary>
    protected async Task AppendBothWaysAsync(DbConnection connection, DbTransaction transaction)
    {
        await CreateAsync(connection, transaction, "ByAppender");
        await CreateAsync(connection, transaction, "ByCommand");
        await using (var appender = Appender(connection, transaction, "ByAppender"))
        await using (var command = new CommandAppender(connection, transaction, Render(InsertSql, "ByCommand"), Names))
        {
            foreach (var row in Rows)
            {
                await appender.AppendAsync(row, default);
                await command.AppendAsync(row, default);
            }
        }
    }

    protected static async Task<List<object?[]>> ReadAsync(DbConnection connection, DbTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    [SkippableFact]
    public async Task AppendedRows_AreStoredAsTheSameValuesThroughACommand()
    {
        await using var connection = await Connections.OpenAsync();
        await using var transaction = await Connections.BeginWriteAsync(connection);
        await AppendBothWaysAsync(connection, transaction);

        var select = "SELECT Id, Small, Big, Flag, Name, Born, Stamp, Ratio, Kind, Bytes FROM {temp}{table} ORDER BY Id";
        var byAppender = await ReadAsync(connection, transaction, Render(select, "ByAppender"));
        var byCommand = await ReadAsync(connection, transaction, Render(select, "ByCommand"));
        Assert.Equal(Rows.Length, byAppender.Count);
        Assert.Equal(byCommand, byAppender);
        Assert.Equal("髙橋　𠮷男", byAppender[0][4]);
        Assert.Equal("葛\U000E0100城　ミドリ", byAppender[1][4]);
        Assert.All(byAppender[2].Skip(1), Assert.Null);
        await transaction.RollbackAsync();
    }

    [SkippableFact]
    public async Task RowsOfARolledBackTransaction_AreGone()
    {
        await using var connection = await Connections.OpenAsync();
        await using (var setup = await Connections.BeginWriteAsync(connection))
        {
            await connection.ExecuteAsync(Permanent(CreateSql), transaction: setup);
            await setup.CommitAsync();
        }
        await using (var transaction = await Connections.BeginWriteAsync(connection))
        {
            await using (var appender = Connections.Dialect.CreateAppender(connection, transaction, Permanent(InsertSql), Names))
            {
                foreach (var row in Rows)
                {
                    await appender.AppendAsync(row, default);
                }
            }
            Assert.Equal(Rows.Length, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Kept", transaction: transaction));
            await transaction.RollbackAsync();
        }
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Kept"));
    }
}

public sealed class RowAppenderTestsOnSqlite : RowAppenderTests<OnSqlite>
{
    [Fact]
    public async Task OnSqlite_EachValueHasTheStorageClassAndTextACommandGivesIt()
    {
        await using var connection = await Connections.OpenAsync();
        await using var transaction = await Connections.BeginWriteAsync(connection);
        await AppendBothWaysAsync(connection, transaction);
        Assert.IsType<SqliteRowAppender>(Appender(connection, transaction, "ByAppender"));

        // typeof() and the stored text of every column, so a date stored as text in another format, or an integer stored
        // as text, shows here even where reading it back would convert it.
        var columns = string.Join(", ", Names.Select(n => $"typeof({n}) || ':' || quote({n})"));
        var byAppender = await ReadAsync(connection, transaction, $"SELECT {columns} FROM temp.ByAppender ORDER BY Id");
        var byCommand = await ReadAsync(connection, transaction, $"SELECT {columns} FROM temp.ByCommand ORDER BY Id");
        Assert.Equal(byCommand, byAppender);
        Assert.Equal("text:'1970-03-15'", byAppender[0][5]);
        Assert.Equal("text:'2026-12-07 09:30:15.123'", byAppender[0][6]);
        Assert.Equal("integer:1", byAppender[0][3]);
        Assert.Equal("integer:7", byAppender[0][8]);
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task OnSqlite_AFailingRowThrowsTheProvidersError_AndTheNextRowIsStillAppended()
    {
        await using var connection = await Connections.OpenAsync();
        await using var transaction = await Connections.BeginWriteAsync(connection);
        await CreateAsync(connection, transaction, "Rows");
        await using var appender = Appender(connection, transaction, "Rows");
        await appender.AppendAsync(Rows[0], default);

        var duplicate = await Assert.ThrowsAsync<SqliteException>(() => appender.AppendAsync(Rows[0], default).AsTask());
        Assert.Equal(19, duplicate.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE", duplicate.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotSupportedException>(() => appender.AppendAsync([5, 1.5m, null, null, null, null, null, null, null, null], default).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => appender.AppendAsync([6], default).AsTask());
        await appender.AppendAsync(Rows[1], default);

        var ids = (await connection.QueryAsync<long>("SELECT Id FROM temp.Rows ORDER BY Id", transaction: transaction)).ToList();
        Assert.Equal([1L, 2L], ids);
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task OnSqlite_ParametersMustBeNamedAsInTheStatement()
    {
        await using var connection = await Connections.OpenAsync();
        await using var transaction = await Connections.BeginWriteAsync(connection);
        await CreateAsync(connection, transaction, "Rows");
        var sql = Render(InsertSql, "Rows");
        Assert.Throws<ArgumentException>(() => Connections.Dialect.CreateAppender(connection, transaction, sql, [.. Names.Take(9), "Missing"]));
        Assert.Throws<ArgumentException>(() => Connections.Dialect.CreateAppender(connection, transaction, sql, [.. Names.Take(9)]));
        Assert.Throws<SqliteException>(() => Connections.Dialect.CreateAppender(connection, transaction, "INSERT INTO temp.NoSuchTable VALUES (@A)", ["A"]));
        await transaction.RollbackAsync();
    }
}

public sealed class RowAppenderTestsOnSqlServer : RowAppenderTests<OnSqlServer>;
