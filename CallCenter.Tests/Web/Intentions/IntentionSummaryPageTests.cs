using System.Reflection;
using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Intentions;
using CallCenter.Data.Outbound;
using CallCenter.Data.Settings;
using CallCenter.Tests.Data.Intentions;
using CallCenter.Tests.Web.Outbound;
using CallCenter.Web.Components.Pages.Intentions;
using CallCenter.Web.Security;
using CallCenter.Data.Towns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Intentions;

/// <summary>/intentions/summary over the outbound tests' town (seven households) with answers from two of them.</summary>
public sealed class IntentionSummaryPageTests : OutboundTestContext
{
    private OperatorContext Supervisor => new(Ops[7].UserId, Ops[7].UserName, Ops[7].Site);


    private async Task<SummaryRound> AnsweredRoundAsync()
    {
        var round = await IntentionSummaryTestData.RoundAsync(Db.Connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        await IntentionSummaryTestData.AnswerAsync(Db.Connections, round.RoundId, await IdAsync("HP1"), ReturnIntention.WantsToReturn, new DateOnly(2026, 3, 2),
            IntentionNeeds.Jobs | IntentionNeeds.Schools, housing: HousingWish.PublicHousing);
        await IntentionSummaryTestData.AnswerAsync(Db.Connections, round.RoundId, await IdAsync("HO1"), ReturnIntention.WillNotReturn, new DateOnly(2026, 3, 3),
            reasons: NotReturningReasons.MedicalCare);
        return round;
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(Supervisor, UserRole.Supervisor);
    }

    [Fact]
    public void Pages_AreForSupervisorsOnly()
    {
        Assert.Equal(Policies.Supervisor, typeof(IntentionSummaryPage).GetCustomAttribute<AuthorizeAttribute>()?.Policy);
        Assert.Equal(Policies.Supervisor, typeof(IntentionHouseholdsPage).GetCustomAttribute<AuthorizeAttribute>()?.Policy);
    }

    [Fact]
    public void Page_SaysSo_When_NoRoundExists()
    {
        var cut = Render<IntentionSummaryPage>();

        cut.WaitForAssertion(() => Assert.Contains("ラウンドがまだありません", TextOf(cut, "no-round"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_ShowsTheRateIntentionsAndGroups_WithLinksToTheirHouseholds()
    {
        var round = await AnsweredRoundAsync();

        var cut = Render<IntentionSummaryPage>();

        cut.WaitForAssertion(() => Assert.Equal("28.6%", TextOf(cut, "rate")));
        Assert.Equal("5", TextOf(cut, "unanswered"));
        Assert.Equal($"/intentions/households?round={Uri.EscapeDataString(round.Name)}&intention=0", cut.Find("[data-testid=unanswered]").GetAttribute("href"));
        Assert.Contains("働く場の確保", TextOf(cut, "need-bars"), StringComparison.Ordinal);
        Assert.Contains("医療環境への不安", TextOf(cut, "reason-bars"), StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid=group-row]");
        Assert.Equal(3, rows.Count);
        var hama = rows.Single(r => r.TextContent.Contains("浜区", StringComparison.Ordinal));
        Assert.Contains("/intentions/households?round=", hama.QuerySelector("[data-testid=group-unanswered]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("&by=district&key=" + Uri.EscapeDataString("浜区") + "&intention=0", hama.QuerySelector("[data-testid=group-unanswered]")!.GetAttribute("href"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Campaign_HandsTheUnansweredToTheWorklist_And_AGroupsButtonOnlyItsOwn()
    {
        await AnsweredRoundAsync();
        var cut = Render<IntentionSummaryPage>();
        cut.WaitForAssertion(() => Assert.Equal("5", TextOf(cut, "unanswered")));

        cut.Find("[data-testid=campaign]").Click();
        var rows = cut.FindAll("[data-testid=group-row]");
        rows.Single(r => r.TextContent.Contains("川区", StringComparison.Ordinal)).QuerySelector("[data-testid=group-campaign]")!.Click();

        var campaigns = new OutboundCampaigns(Db.Connections, new SettingsRepository(Db.Connections), Clock);
        await cut.WaitForAssertionAsync(async () => Assert.Equal(2, (await campaigns.ListAsync(TownScope.All)).Count));
        var list = await campaigns.ListAsync(TownScope.All);
        Assert.Equal([("帰還意向調査 2026年度（行政区 川区）", 3), ("帰還意向調査 2026年度", 5)], list.Select(c => (c.Name, c.Households)).OrderBy(c => c.Households));
        Assert.Equal(2, (await AuditAsync(AuditActions.StartCampaign)).Count);
    }

    [Fact]
    public async Task StartCampaign_ShowsARefusalAsAnError_NotAsASuccess()
    {
        var round = await AnsweredRoundAsync();
        await new TownRepository(Db.Connections, Clock).SetUserScopeAsync(Supervisor.UserId!.Value, TownScope.Only([1]));
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, Supervisor.UserId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            "test"));
        var board = Services.GetRequiredService<IntentionSummaryBoard>();

        var (refusal, refused) = await board.StartCampaignAsync(round, null, null, user, TownScope.Only([2]));
        Assert.Equal(MudBlazor.Severity.Error, refused);
        Assert.Contains("キャンペーンに含められません", refusal, StringComparison.Ordinal);

        var (message, started) = await board.StartCampaignAsync(round, null, null, user);
        Assert.Equal(MudBlazor.Severity.Success, started);
        Assert.Contains("世帯を発信リストに渡しました。", message, StringComparison.Ordinal);
    }
}
