using System.Reflection;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Tests.Data.Database;

/// <summary>SQLite's EXPLAIN QUERY PLAN of a statement, one detail line per step, for tests that check which index a statement seeks.</summary>
internal static class QueryPlans
{
    public static async Task<List<string>> ReadAsync(ConnectionFactory connections, string sql, object parameters)
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters))
            .Select(r => r.Detail).ToList();
    }

    /// <summary>The SQL of a statement constant <paramref name="field"/> (public or not) of <paramref name="type"/>.</summary>
    public static string Statement(Type type, string field) =>
        (string)type.GetField(field, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;

    /// <summary>Whether a step searches <paramref name="index"/> (covering or not).</summary>
    public static bool Seeks(IEnumerable<string> plan, string index) =>
        plan.Any(d => d.Contains("USING INDEX " + index, StringComparison.Ordinal) || d.Contains("USING COVERING INDEX " + index, StringComparison.Ordinal));
}
