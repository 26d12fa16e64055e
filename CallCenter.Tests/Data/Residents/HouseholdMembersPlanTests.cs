using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Database;

namespace CallCenter.Tests.Data.Residents;

/// <summary>
/// A household's members are read on every resident page and call form: by the household index, never by reading the
/// whole town through IX_Residents_TownId (which SQLite, without statistics, chose when the household's town was an
/// indexed equality: 3 ms a page at 11,500 residents instead of 0.2 ms).
/// </summary>
public sealed class HouseholdMembersPlanTests : DatabaseTests<OnSqlite>
{
    [Fact]
    public async Task HouseholdMembers_SeekTheHouseholdIndex_NotTheTown()
    {
        var plan = await QueryPlans.ReadAsync(Connections, QueryPlans.Statement(typeof(ResidentRepository), "HouseholdMembersSql"),
            new { HouseholdId = 1 });

        Assert.True(QueryPlans.Seeks(plan, "IX_Residents_HouseholdId"), string.Join(" / ", plan));
        Assert.DoesNotContain(plan, d => d.Contains("IX_Residents_TownId", StringComparison.Ordinal) || d.StartsWith("SCAN", StringComparison.Ordinal));
    }
}
