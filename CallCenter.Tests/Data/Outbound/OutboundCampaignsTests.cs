using CallCenter.Data.Audit;
using CallCenter.Data.Intentions;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Intentions;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Outbound;

/// <summary>
/// A 帰還意向調査 campaign on the worklist: its households join the queue after the safety tiers, ranked by their
/// reasons; the card names the campaign; a household leaves once it has answered (even after the queue was built), and
/// all of them when the campaign ends.
/// </summary>
public abstract class OutboundCampaignsTests<TDb> : OutboundDatabaseTests<TDb> where TDb : IDatabaseKind
{
    private OutboundCampaigns Campaigns => new(Connections, new SettingsRepository(Connections), Clock);

    private SummaryRound round = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Everyone confirmed but HC1's wife: only HC1 is in the safety tiers. Every report gives a contact number.
        foreach (var no in new[] { "P001", "P002", "V001", "V002", "O001", "O002", "A001", "I001", "I002", "N001", "N002", "C001" })
        {
            await ConfirmAsync(no);
        }
        await OutboundTestData.SaveRulesAsync(Connections, new OutboundRules());
        round = await IntentionSummaryTestData.RoundAsync(Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, await IdAsync("HP1"), ReturnIntention.WantsToReturn, new DateOnly(2026, 3, 10));
    }

    private async Task<Dictionary<string, int>> QueueAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return (await connection.QueryAsync<(string No, int Priority)>(
            "SELECT h.HouseholdNo, q.Priority FROM OutboundQueue q JOIN Households h ON h.HouseholdId = q.HouseholdId"))
            .ToDictionary(r => r.No, r => r.Priority);
    }

    [SkippableFact]
    public async Task Campaign_QueuesTheUnansweredAfterTheSafetyTiers_RankedByTheirReasons()
    {
        var started = await Campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, null, null, null), round.Name, Ops[0], TownScope.All);

        Assert.True(started.Started);
        Assert.Equal(("帰還意向調査 2026年度", 6), (started.Name, started.Households));
        var queue = await QueueAsync();
        Assert.False(queue.ContainsKey("HP1"));
        Assert.Equal(OutboundPriority.Unconfirmed, queue["HC1"]);
        Assert.Equal(OutboundPriority.CampaignFirst, queue["HV1"]);
        // HN1 has a contact number since its report, and no priority reason.
        Assert.Equal(OutboundPriority.Campaign, queue["HN1"]);
        // HC1 (a member to confirm) first, then the campaign's households with a reason, in household order, then HN1.
        var order = await DrainAsync();
        Assert.Equal(["HC1", "HV1", "HO1", "HA1", "HI1", "HN1"], order);
        var card = await Households.GetHouseholdAsync(await IdAsync("HV1"), TownScope.All);
        Assert.Equal(["帰還意向調査 2026年度"], card!.Campaigns);
        await using var connection = await Connections.OpenAsync();
        Assert.Equal("帰還意向調査 2026年度・2026年度・未回答 6世帯を発信リストへ",
            await connection.ExecuteScalarAsync<string>("SELECT Details FROM AuditLog WHERE Action = @Action", new { Action = AuditActions.StartCampaign }));
    }

    [SkippableFact]
    public async Task Campaign_DropsAHousehold_When_ItAnswersAfterTheQueueWasBuilt()
    {
        await Campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, null, null, null), round.Name, Ops[0], TownScope.All);
        Assert.True((await QueueAsync()).ContainsKey("HV1"));

        await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, await IdAsync("HV1"), ReturnIntention.Undecided, new DateOnly(2026, 3, 14));

        var order = await DrainAsync();
        Assert.Equal(["HC1", "HO1", "HA1", "HI1", "HN1"], order);
        Assert.False((await QueueAsync()).ContainsKey("HV1"));
        var listed = Assert.Single(await Campaigns.ListAsync(TownScope.All));
        Assert.Equal((6, 5), (listed.Households, listed.Remaining));
    }

    [SkippableFact]
    public async Task Campaign_TakesOnlyTheGroupsHouseholds_And_LeavesTheQueue_When_Ended()
    {
        var started = await Campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, IntentionGrouping.District, "山区", null), round.Name, Ops[0], TownScope.All);
        Assert.Equal(("帰還意向調査 2026年度（行政区 山区）", 2), (started.Name, started.Households));
        var queue = await QueueAsync();
        Assert.Equal(["HA1", "HC1", "HO1"], queue.Keys.Order(StringComparer.Ordinal));

        Assert.True(await Campaigns.EndAsync(started.CampaignId, TownScope.All, Ops[0]));
        Assert.False(await Campaigns.EndAsync(started.CampaignId, TownScope.All, Ops[0]));

        Assert.Equal(["HC1"], (await QueueAsync()).Keys);
        var ended = Assert.Single(await Campaigns.ListAsync(TownScope.All));
        Assert.Equal((2, 0), (ended.Households, ended.Remaining));
        Assert.NotNull(ended.EndedAt);
    }

    [SkippableFact]
    public async Task Campaign_IsNotStarted_When_EveryHouseholdOfTheGroupHasAnswered()
    {
        await IntentionSummaryTestData.AnswerAsync(Connections, round.RoundId, await IdAsync("HV1"), ReturnIntention.Undecided, new DateOnly(2026, 3, 14));

        var started = await Campaigns.StartIntentionSurveyAsync(new IntentionHouseholdFilter(round.RoundId, IntentionGrouping.District, "浜区", null), round.Name, Ops[0], TownScope.All);

        Assert.False(started.Started);
        Assert.Null(started.Error);
        Assert.Empty(await Campaigns.ListAsync(TownScope.All));
    }
}

public sealed class OutboundCampaignsTestsOnSqlite : OutboundCampaignsTests<OnSqlite>;

public sealed class OutboundCampaignsTestsOnSqlServer : OutboundCampaignsTests<OnSqlServer>;
