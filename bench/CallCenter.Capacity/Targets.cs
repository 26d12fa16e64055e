using CallCenter.Data.Reports;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Capacity;

/// <summary>A resident an operator looks for: what they type, and a household member to record a call for too.</summary>
public sealed record Target(string ResidentNo, string Query, string OtherMemberNo);

/// <summary>The residents the operators look for, drawn from the seeded demo town (households of two or more).</summary>
public sealed class Targets(IReadOnlyList<Target> all, string heaviestNo)
{
    /// <summary>The resident with the longest history: the resident page whose weight is measured.</summary>
    public string HeaviestResidentNo { get; } = heaviestNo;

    public IReadOnlyList<Target> All { get; } = all;

    public Target Pick(Random random) => All[random.Next(All.Count)];

    private const string CandidatesSql = """
        SELECT r.ResidentNo, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
               (SELECT MIN(m.ResidentNo) FROM Residents m
                 WHERE m.HouseholdId = r.HouseholdId AND m.ResidentId <> r.ResidentId
                   AND m.IsProvisional = 0 AND m.MergedIntoResidentId IS NULL) AS OtherMemberNo
          FROM Residents r
         WHERE r.HouseholdId IS NOT NULL AND r.IsProvisional = 0 AND r.MergedIntoResidentId IS NULL
           AND r.Status <> @Deceased
        """;

    private const string HeaviestSql = """
          SELECT r.ResidentNo
            FROM SafetyReports s
            JOIN Residents r ON r.ResidentId = s.ResidentId
        GROUP BY r.ResidentNo
        ORDER BY COUNT(*) DESC, r.ResidentNo
           LIMIT 1
        """;

    public static async Task<Targets> LoadAsync(string database, int count = 600)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        var rows = (await connection.QueryAsync<(string No, string Family, string Given, string FamilyKana, string GivenKana, string? Other)>(
            CandidatesSql, new { Deceased = (int)SafetyStatus.Deceased })).Where(r => r.Other is not null).ToList();
        var random = new Random(20110311);
        var chosen = rows.OrderBy(_ => random.Next()).Take(count).Select((r, i) => new Target(r.No,
            // Half by the kanji name typed without a space, half by the reading in hiragana with a space.
            i % 2 == 0 ? r.Family + r.Given : Hiragana(r.FamilyKana) + " " + Hiragana(r.GivenKana), r.Other!)).ToList();
        var heaviest = await connection.QuerySingleAsync<string>(HeaviestSql);
        return new Targets(chosen, heaviest);
    }

    private static string Hiragana(string katakana) =>
        string.Concat(katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c));
}
