using Dapper;

namespace CallCenter.Tests.Data.Demo;

/// <summary>The demo town's intention survey: a round 「2026年度」, about 45 % of households answered in realistic proportions.</summary>
public sealed class DemoTownIntentionsTests(SeededDemoTown town) : IClassFixture<SeededDemoTown>
{
    private async Task<long> Scalar(string sql)
    {
        await using var connection = await town.Database.Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task TheRound_HoldsAbout45PercentOfHouseholds_InRealisticProportions()
    {
        Assert.Equal(1, await Scalar("SELECT COUNT(*) FROM SurveyRounds WHERE Name = '2026年度' AND ClosedAt IS NULL"));
        var households = await Scalar("SELECT COUNT(*) FROM Households");
        var answered = await Scalar("SELECT COUNT(*) FROM HouseholdIntentions");
        Assert.InRange(100.0 * answered / households, 40, 50);
        double Share(long n) => 100.0 * n / answered;
        Assert.InRange(Share(await Scalar("SELECT COUNT(*) FROM HouseholdIntentions WHERE Intention = 1")), 9, 17);
        Assert.InRange(Share(await Scalar("SELECT COUNT(*) FROM HouseholdIntentions WHERE Intention = 2")), 21, 31);
        Assert.InRange(Share(await Scalar("SELECT COUNT(*) FROM HouseholdIntentions WHERE Intention = 3")), 49, 61);
        Assert.InRange(Share(await Scalar("SELECT COUNT(*) FROM HouseholdIntentions WHERE Intention = 4")), 3, 9);
        Assert.True(await Scalar("SELECT COUNT(*) FROM IntentionAnswers WHERE Channel = 2") > answered / 2);
        Assert.True(await Scalar("SELECT COUNT(*) FROM IntentionAnswers WHERE Channel = 1 AND CallId IS NOT NULL") > 0);
        Assert.Equal(0, await Scalar("SELECT COUNT(*) FROM IntentionAnswers WHERE Reasons <> 0 AND Intention <> 3"));
    }

    [Fact]
    public async Task AFewHouseholds_HaveTwoAnswers_TheLaterCounting()
    {
        Assert.True(await Scalar("SELECT COUNT(*) FROM IntentionAnswers") > await Scalar("SELECT COUNT(*) FROM HouseholdIntentions"));
        Assert.Equal(0, await Scalar("""
            SELECT COUNT(*)
              FROM HouseholdIntentions h
              JOIN IntentionAnswers a ON a.RoundId = h.RoundId AND a.HouseholdId = h.HouseholdId AND a.AnsweredOn > h.AnsweredOn
            """));
    }
}
