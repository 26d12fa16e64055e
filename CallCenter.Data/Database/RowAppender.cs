using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CallCenter.Data.Database;

/// <summary>
/// One INSERT prepared once and run for row after row, its values set by position as in <see cref="PreparedCommand"/>:
/// a file's rows staged into a temporary table, where the per-row cost of the data provider is most of the work.
/// Made by <see cref="SqlDialect.CreateAppender"/>: on SQL Server an ADO.NET command (<see cref="CommandAppender"/>); on
/// SQLite the statement itself through SQLite's C API (<see cref="SqliteRowAppender"/>), its parameters found by name
/// once and bound by index, with the same values Microsoft.Data.Sqlite would bind (a test compares them), at a third of
/// the cost a row.
/// </summary>
/// <remarks>
/// Rows are appended inside a transaction the caller holds on the same connection; a row that fails throws the
/// provider's exception, as the command would.
/// </remarks>
internal abstract class RowAppender : IAsyncDisposable
{
    /// <summary>Inserts one row: <paramref name="values"/> in the order the parameters were named; null is NULL.</summary>
    public abstract ValueTask AppendAsync(object?[] values, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}

/// <summary>The ADO.NET way: a <see cref="PreparedCommand"/> executed for each row.</summary>
internal sealed class CommandAppender(DbConnection connection, DbTransaction? transaction, string sql, string[] parameterNames) : RowAppender
{
    private readonly PreparedCommand command = new(connection, transaction, sql, parameterNames);

    public override async ValueTask AppendAsync(object?[] values, CancellationToken cancellationToken) =>
        await command.Set(values).ExecuteAsync(cancellationToken);

    public override ValueTask DisposeAsync() => command.DisposeAsync();
}

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
