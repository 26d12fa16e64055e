using System.Data.Common;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// The town checks outbound writes make inside their own transaction: whether an operator may be given a town's
/// households (their account's scope includes it), and a town's name for messages.
/// </summary>
internal static class OutboundTowns
{
    // No UserTowns row: all towns (TownRepository's rule).
    private const string UserMaySeeSql = """
        SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM UserTowns WHERE UserId = @UserId)
                      OR EXISTS (SELECT 1 FROM UserTowns WHERE UserId = @UserId AND TownId = @TownId)
                    THEN 1 ELSE 0 END
        """;

    private const string TownNameSql = """
        SELECT Name
          FROM Towns
         WHERE TownId = @TownId
        """;

    private const string UserTownsSql = """
        SELECT TownId
          FROM UserTowns
         WHERE UserId = @UserId
        """;

    /// <summary>Whether the staff account's towns include <paramref name="townId"/>.</summary>
    public static async Task<bool> UserMaySeeAsync(DbConnection connection, DbTransaction? transaction, int userId, int townId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(UserMaySeeSql, new { UserId = userId, TownId = townId }, transaction,
            cancellationToken: cancellationToken)) == 1;

    /// <summary>The staff account's towns (no rows: all towns), read inside the caller's transaction.</summary>
    public static async Task<TownScope> ScopeOfUserAsync(DbConnection connection, DbTransaction? transaction, int userId, CancellationToken cancellationToken)
    {
        var towns = (await connection.QueryAsync<int>(new CommandDefinition(UserTownsSql, new { UserId = userId }, transaction,
            cancellationToken: cancellationToken))).AsList();
        return towns.Count == 0 ? TownScope.All : TownScope.Only(towns);
    }

    /// <summary>The town's name, or its id when unknown.</summary>
    public static async Task<string> NameAsync(DbConnection connection, DbTransaction? transaction, int townId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition(TownNameSql, new { TownId = townId }, transaction, cancellationToken: cancellationToken)) is { Length: > 0 } name
            ? name
            : $"町 {townId}";

    /// <summary>The message when an operator's towns do not include the town of what they are to be given.</summary>
    public static string NotTheirTown(string staff, string town) => $"{staff} さんは{town}の担当ではありません（担当できる町に{town}が含まれていません）。";
}
