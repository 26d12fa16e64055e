using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Settings;

/// <summary>Small named values kept in the database (the disaster date the demo town was seeded with, ...).</summary>
public sealed class SettingsRepository(ConnectionFactory connections)
{
    /// <summary>Name of the setting holding the disaster date (yyyy-MM-dd).</summary>
    public const string DisasterDate = "DisasterDate";

    private const string GetSql = """
        SELECT Value
          FROM Settings
         WHERE Name = @Name
        """;

    /// <summary>The value of a setting, or null.</summary>
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(GetSql, new { Name = name }, cancellationToken: cancellationToken));
    }

    private const string GetManySql = """
        SELECT Name, Value
          FROM Settings
         WHERE Name >= @From AND Name < @To
        """;

    /// <summary>Every setting whose name starts with <paramref name="prefix"/> (an ASCII prefix such as "Outbound.").</summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetManyAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // A range on the binary-collated key, so both engines use the primary key (no LIKE).
        var to = prefix[..^1] + (char)(prefix[^1] + 1);
        var rows = await connection.QueryAsync<(string Name, string? Value)>(new CommandDefinition(GetManySql, new { From = prefix, To = to }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal);
    }

    private const string UpdateSql = """
        UPDATE Settings
           SET Value = @Value
         WHERE Name = @Name
        """;

    private const string InsertSql = """
        INSERT INTO Settings (Name, Value)
             VALUES (@Name, @Value)
        """;

    /// <summary>Sets a setting inside the caller's write transaction, creating it when missing.</summary>
    internal static async Task SetAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string name, string? value,
        CancellationToken cancellationToken)
    {
        TextSafety.Ensure(($"設定 {name}", value));
        var args = new { Name = name, Value = value };
        if (await connection.ExecuteAsync(new CommandDefinition(UpdateSql, args, transaction, cancellationToken: cancellationToken)) == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, args, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Sets a setting, creating it when missing.</summary>
    public Task SetAsync(string name, string? value, CancellationToken cancellationToken = default) =>
        SetAsync(name, value, retry: true, cancellationToken);

    private async Task SetAsync(string name, string? value, bool retry, CancellationToken cancellationToken)
    {
        TextSafety.Ensure(($"設定 {name}", value));
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, cancellationToken);
        var args = new { Name = name, Value = value };
        // On SQLite the IMMEDIATE transaction serializes writers. On SQL Server two first-time writers can both
        // update nothing; the loser's insert then hits the primary key, and its update is what it should do.
        if (await connection.ExecuteAsync(new CommandDefinition(UpdateSql, args, transaction, cancellationToken: cancellationToken)) == 0)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertSql, args, transaction, cancellationToken: cancellationToken));
            }
            catch (System.Data.Common.DbException e) when (retry && connections.Dialect.IsDuplicateKey(e))
            {
                await transaction.RollbackAsync(cancellationToken);
                await SetAsync(name, value, retry: false, cancellationToken);
                return;
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
