using System.Data.Common;

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
