using CallCenter.Data.Reports;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Capacity;

/// <summary>A resident an operator looks for: what they type, and a household member to record a call for too.</summary>
public sealed record Target(string ResidentNo, string Query, string OtherMemberNo);

/// <summary>
/// The residents the operators look for, drawn from the seeded demo town (households of two or more). Each operator has
/// its own households, disjoint from every other operator's (operator i takes the i-th block of
/// <see cref="PerOperator"/> households of one seeded shuffle), so two operators never save a call for the same
/// household at the same moment: a version conflict in a run is then the product refusing a real race, not the bench
/// making one.
/// </summary>
public sealed class Targets(IReadOnlyList<Target> all, string heaviestNo)
{
    /// <summary>Households per operator (one target resident each).</summary>
    public const int PerOperator = 20;

    /// <summary>The resident with the longest history: the resident page whose weight is measured.</summary>
    public string HeaviestResidentNo { get; } = heaviestNo;

    /// <summary>Every operator's targets, operator by operator (<see cref="PerOperator"/> each).</summary>
    public IReadOnlyList<Target> All { get; } = all;

    /// <summary>How many operators have targets of their own.</summary>
    public int Operators => All.Count / PerOperator;

    /// <summary>The targets of operator <paramref name="index"/> (0-based): the same for every run and every K.</summary>
    public IReadOnlyList<Target> Of(int index) => index < Operators
        ? All.Skip(index * PerOperator).Take(PerOperator).ToList()
        : throw new ArgumentOutOfRangeException(nameof(index), $"only {Operators} operators have households of their own");

    private const string CandidatesSql = """
        SELECT r.ResidentNo, r.HouseholdId, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
               (SELECT MIN(m.ResidentNo) FROM Residents m
                 WHERE m.HouseholdId = r.HouseholdId AND m.ResidentId <> r.ResidentId
                   AND m.IsProvisional = 0 AND m.MergedIntoResidentId IS NULL) AS OtherMemberNo
          FROM Residents r
         WHERE r.HouseholdId IS NOT NULL AND r.IsProvisional = 0 AND r.MergedIntoResidentId IS NULL
           AND r.Status <> @Deceased
         ORDER BY r.ResidentId
        """;

    private const string HeaviestSql = """
          SELECT r.ResidentNo
            FROM SafetyReports s
            JOIN Residents r ON r.ResidentId = s.ResidentId
        GROUP BY r.ResidentNo
        ORDER BY COUNT(*) DESC, r.ResidentNo
           LIMIT 1
        """;

    public static async Task<Targets> LoadAsync(string database, int operators)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        var rows = (await connection.QueryAsync<(string No, long Household, string Family, string Given, string FamilyKana, string GivenKana, string? Other)>(
            CandidatesSql, new { Deceased = (int)SafetyStatus.Deceased })).Where(r => r.Other is not null).ToList();
        var random = new Random(20110311);
        // One resident per household (drawn at random among its members), households in a seeded shuffle.
        var households = rows.GroupBy(r => r.Household)
            .Select(g => g.ElementAt(random.Next(g.Count())))
            .OrderBy(_ => random.Next())
            .ToList();
        if (households.Count < operators * PerOperator)
        {
            throw new InvalidOperationException($"{operators} operators need {operators * PerOperator} households of two or more; the town has {households.Count}.");
        }
        var chosen = households.Take(operators * PerOperator).Select((r, i) => new Target(r.No,
            // Half by the kanji name typed without a space, half by the reading in hiragana with a space.
            i % 2 == 0 ? r.Family + r.Given : Hiragana(r.FamilyKana) + " " + Hiragana(r.GivenKana), r.Other!)).ToList();
        var heaviest = await connection.QuerySingleAsync<string>(HeaviestSql);
        return new Targets(chosen, heaviest);
    }

    private static string Hiragana(string katakana) =>
        string.Concat(katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c));
}
