using CallCenter.Data.Database;
using CallCenter.Data.Intentions;
using Dapper;

namespace CallCenter.Tests.Data.Intentions;

/// <summary>Look-ups the intention tests share.</summary>
public static class IntentionTestData
{
    /// <summary>The id of a household by number.</summary>
    public static async Task<int> HouseholdIdAsync(ConnectionFactory connections, string householdNo)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT HouseholdId FROM Households WHERE HouseholdNo = @HouseholdNo", new { HouseholdNo = householdNo });
    }

    /// <summary>The counting answer of every household in a round: household number → (date, intention), by number.</summary>
    public static async Task<IReadOnlyList<(string HouseholdNo, string AnsweredOn, int Intention)>> CountingAsync(ConnectionFactory connections, string round)
    {
        await using var connection = await connections.OpenAsync();
        var rows = await connection.QueryAsync<(string, DateOnly, long)>("""
              SELECT h.HouseholdNo, i.AnsweredOn, i.Intention
                FROM HouseholdIntentions i
                JOIN Households h ON h.HouseholdId = i.HouseholdId
                JOIN SurveyRounds r ON r.RoundId = i.RoundId
               WHERE r.Name = @Round
            ORDER BY h.HouseholdNo
            """, new { Round = round });
        return [.. rows.Select(r => (r.Item1, r.Item2.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (int)r.Item3))];
    }

    /// <summary>Counts rows.</summary>
    public static async Task<int> CountAsync(ConnectionFactory connections, string sql)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    /// <summary>The round named so (the test created it).</summary>
    public static async Task<SurveyRound> RoundAsync(ConnectionFactory connections, TimeProvider clock, string name) =>
        await new SurveyRounds(connections, clock).FindAsync(name) ?? throw new InvalidOperationException($"no round {name}");
}
