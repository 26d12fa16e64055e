using CallCenter.Data.Imports;
using CallCenter.Tests.Data.Database;

namespace CallCenter.Tests.Data.Imports;

/// <summary>
/// Each line of a status list is looked up by number, reading and birth date within one town: every look-up must seek
/// its own index, never read the whole town through IX_Residents_TownId (which SQLite, without statistics, prefers when
/// the town is an indexed equality: a 1,000-line list read the town 2,000 times).
/// </summary>
public sealed class StatusMatchPlanTests : DatabaseTests<OnSqlite>
{
    public static TheoryData<string, string> Statements => new()
    {
        { "ByNumberSql", "sqlite_autoindex_Residents_1" },
        { "ByKanaSql", "IX_Residents_KanaKey" },
        { "ByBirthDateSexSql", "IX_Residents_BirthDate" },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task EachLookUp_SeeksItsOwnIndex_NotTheTown(string field, string index)
    {
        var plan = await QueryPlans.ReadAsync(Connections, QueryPlans.Statement(typeof(StatusListMatching), field),
            new { ResidentNo = "0000001", KanaKey = "サトタロ", BirthDate = "1970-01-01", Sex = 1, TownId = 1 });

        Assert.True(QueryPlans.Seeks(plan, index), string.Join(" / ", plan));
        Assert.DoesNotContain(plan, d => d.Contains("IX_Residents_TownId", StringComparison.Ordinal) || d.StartsWith("SCAN", StringComparison.Ordinal));
    }
}
