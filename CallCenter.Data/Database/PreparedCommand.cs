using System.Data.Common;

namespace CallCenter.Data.Database;

/// <summary>
/// A command prepared once and executed many times with new values: for loops over hundreds of thousands
/// of rows (imports, seeding), where building a new command per row would dominate the cost.
/// Parameters are named in the SQL as <c>@Name</c> and set by position in <see cref="Set"/>.
/// </summary>
internal sealed class PreparedCommand : IAsyncDisposable
{
    private readonly DbCommand command;

    public PreparedCommand(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameterNames)
    {
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>Sets every parameter, in the order they were named; null becomes DBNull.</summary>
    public PreparedCommand Set(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.Parameters[i];
            var value = values[i];
            parameter.Value = value switch
            {
                null => DBNull.Value,
                Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture),
                DateTime t => DapperSetup.ToStored(t),
                _ => value,
            };
            // As DapperSetup's handlers do: without a type, SqlClient would send a DateTime as DATETIME and
            // round its milliseconds to 1/300 s.
            if (value is DateOnly)
            {
                parameter.DbType = System.Data.DbType.Date;
            }
            else if (value is DateTime)
            {
                parameter.DbType = System.Data.DbType.DateTime2;
            }
        }
        return this;
    }

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) => command.ExecuteNonQueryAsync(cancellationToken);

    public async Task<long> ExecuteScalarInt64Async(CancellationToken cancellationToken) =>
        Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

    public Task<DbDataReader> ReaderAsync(CancellationToken cancellationToken) => command.ExecuteReaderAsync(cancellationToken);

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
