using System.Text.Json;
using CallCenter.Data.Intentions;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Dashboard;
using CallCenter.Tests.Data.Outbound;
using Dapper;

namespace CallCenter.Tests.Data.Intentions;

/// <summary>
/// The intention summary per town (issue 19): two towns registering the same household numbers, random counting answers in
/// both, and the kept counts of one town, the other and both equal a fresh GROUP BY over those towns' households.
/// </summary>
public abstract class IntentionTownSummaryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly IntentionGrouping?[] Groupings =
        [null, IntentionGrouping.District, IntentionGrouping.Prefecture, IntentionGrouping.WhereaboutsType, IntentionGrouping.AgeBand];

    private readonly CallCenter.Tests.Data.Calls.TestClock clock = new(OutboundTestData.Start);

    [SkippableFact]
    public async Task Summary_PerTownAndTogether_EqualsFreshGroupBy_When_TwoTownsWithTheSameNumbersAnswerAtRandom()
    {
        var towns = await TownTestData.AddTownsAsync(Connections, ("075451", "大熊町"));
        var (a, b) = (towns[0].TownId, towns[1].TownId);
        await TownTestData.ImportAsync(Connections, clock, OutboundTestData.Register, a);
        await TownTestData.ImportAsync(Connections, clock, OutboundTestData.Register.Replace("浜区", "野上", StringComparison.Ordinal), b);
        var round = await IntentionSummaryTestData.RoundAsync(Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        List<(int Id, int Town)> households;
        await using (var connection = await Connections.OpenAsync())
        {
            households = [.. await connection.QueryAsync<(int, int)>("SELECT HouseholdId, TownId FROM Households ORDER BY HouseholdId")];
        }
        var random = new Random(23);
        foreach (var (id, _) in households.Where(_ => random.Next(3) != 0))
        {
            await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, id, (ReturnIntention)random.Next(1, 5), new DateOnly(2026, 3, 10));
        }

        var summary = new IntentionSummary(Connections, clock);
        foreach (var scope in new[] { TownScope.Only([a]), TownScope.Only([b]), TownScope.All })
        {
            foreach (var by in Groupings)
            {
                var kept = JsonSerializer.Serialize(await summary.LoadAsync(round, by, scope));
                var fresh = JsonSerializer.Serialize(await summary.CountFreshAsync(round, by, scope));
                Assert.True(kept == fresh, $"{scope}, by {by}:{Environment.NewLine}kept  {kept}{Environment.NewLine}fresh {fresh}");
            }
        }
        var totals = await summary.TownTotalsAsync(round, TownScope.All);
        Assert.Equal([a, b], totals.Select(t => t.TownId));
        foreach (var total in totals)
        {
            Assert.Equal(households.Count(h => h.Town == total.TownId), total.Counts.Households);
            Assert.Equal(JsonSerializer.Serialize((await summary.LoadAsync(round, null, TownScope.Only([total.TownId]))).Total),
                JsonSerializer.Serialize(total.Counts));
        }
        Assert.Equal(households.Count, (await summary.LoadAsync(round, null, TownScope.All)).Total.Households);
        Assert.DoesNotContain((await summary.LoadAsync(round, IntentionGrouping.District, TownScope.Only([a]))).Groups, g => g.Key == "野上");
    }
}

public sealed class IntentionTownSummaryTestsOnSqlite : IntentionTownSummaryTests<OnSqlite>;

public sealed class IntentionTownSummaryTestsOnSqlServer : IntentionTownSummaryTests<OnSqlServer>;
