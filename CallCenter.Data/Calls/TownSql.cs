namespace CallCenter.Data.Calls;

/// <summary>What the SQL Server checks see of a town-scoped statement: <c>IN @TownIds</c> as Dapper expands it for two towns.</summary>
internal static class TownSql
{
    /// <summary>The statement with <c>IN @TownIds</c> written as Dapper sends it for a list of two.</summary>
    public static string Expanded(string sql) => sql.Replace("IN @TownIds", "IN (@TownIds1, @TownIds2)", StringComparison.Ordinal);
}
