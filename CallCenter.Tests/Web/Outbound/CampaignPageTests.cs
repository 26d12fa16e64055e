using System.Reflection;
using Bunit;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Tests.Data.Outbound;
using CallCenter.Web.Components.Pages.Outbound;
using CallCenter.Web.Security;
using CallCenter.Data.Towns;
using Microsoft.AspNetCore.Authorization;

namespace CallCenter.Tests.Web.Outbound;

public sealed class CampaignPageTests : OutboundTestContext
{
    private OperatorContext Supervisor => new(Ops[7].UserId, Ops[7].UserName, Ops[7].Site);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(Supervisor, UserRole.Supervisor);
    }

    [Fact]
    public void Page_IsForSupervisorsOnly()
    {
        var authorize = typeof(CampaignPage).GetCustomAttribute<AuthorizeAttribute>();
        Assert.Equal(Policies.Supervisor, authorize?.Policy);
    }

    [Fact]
    public async Task Opening_BuildsTheQueueOnce_ShowsItsFigures_And_AuditsTheEscalatedList()
    {
        Assert.Null(await Queue.BuiltAtAsync());

        var cut = Render<CampaignPage>();

        cut.WaitForAssertion(() => Assert.Equal("待ち世帯6", TextOf(cut, "figure-queue")));
        Assert.NotNull(await Queue.BuiltAtAsync());
        Assert.Equal("本日の発信0", TextOf(cut, "figure-attempts"));
        Assert.Equal("接続率—", TextOf(cut, "figure-contact-rate"));
        Assert.Contains("本日の発信はまだありません。", cut.Markup, StringComparison.Ordinal);
        // HN1 has no number at all: it waits for one in 要対応, without the buttons that put it back.
        var escalated = cut.Find("[data-testid=escalated-HN1]");
        Assert.Contains("番号が登録されていない", escalated.TextContent, StringComparison.Ordinal);
        Assert.Empty(escalated.QuerySelectorAll("button"));
        var audit = Assert.Single(await AuditAsync(AuditActions.ViewList));
        Assert.Equal(("outbound-campaign", "要対応の世帯 1件を表示", Supervisor.UserName), (audit.TargetType, audit.Details, audit.UserName));
    }

    [Fact]
    public async Task Rules_ShowTheSavedValues_And_Saving_StoresThem_And_RebuildsTheQueue()
    {
        await OutboundTestData.SaveRulesAsync(Db.Connections, OutboundTestData.AllOff with { ClaimMinutes = 20 });
        var cut = Render<CampaignPage>();
        cut.WaitForAssertion(() => Assert.Equal("20", cut.Find("input[data-testid=rule-claim-minutes]").GetAttribute("value")));
        Assert.Equal("0", cut.Find("input[data-testid=rule-old-age]").GetAttribute("value"));
        Clock.Advance(TimeSpan.FromMinutes(1));

        cut.Find("input[data-testid=rule-old-age]").Change("80");
        cut.Find("input[data-testid=rule-claim-minutes]").Change("30");
        cut.Find("[data-testid=rules-save]").Click();

        cut.WaitForAssertion(() => Assert.Single(AuditAsync(AuditActions.OutboundRules).GetAwaiter().GetResult()));
        var saved = await Queue.RulesAsync();
        Assert.Equal((80, 30, false, 0), (saved.OldAge, saved.ClaimMinutes, saved.VulnerableFirst, saved.InfantAge));
        // Saved rules take effect at once: the queue was built again, now.
        cut.WaitForAssertion(() => Assert.Equal(Clock.Now.UtcDateTime, Queue.BuiltAtAsync().GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task RequeueForgettingNumbers_PutsAnEscalatedHouseholdBack_And_Audits()
    {
        // HP1's only number is wrong: the household goes to 要対応.
        await OutboundTestData.SaveRulesAsync(Db.Connections, OutboundTestData.AllOff);
        await Queue.RebuildAsync();
        var claimed = await Worklist.ClaimNextAsync(Ops[0], TownScope.All);
        Assert.Equal("HP1", claimed.Household?.HouseholdNo);
        var phone = claimed.Household!.Numbers.Single().Phone;
        var wrong = await Attempts.RecordAttemptAsync(claimed.Household.HouseholdId, phone, OutboundOutcome.WrongNumber, null, null, Ops[0]);
        Assert.NotEqual(OutboundEscalation.None, wrong.Escalation);
        var cut = Render<CampaignPage>();
        cut.WaitForAssertion(() => Assert.Contains("使える番号がない", TextOf(cut, "escalated-HP1"), StringComparison.Ordinal));

        cut.FindAll("[data-testid=escalated-HP1] button").Single(b => b.TextContent.Contains("番号の印を消して戻す", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=escalated-HP1]")));
        Assert.DoesNotContain(await Escalations.NeedingNumbersAsync(TownScope.All), h => h.HouseholdNo == "HP1");
        Assert.Null((await Households.GetHouseholdAsync(claimed.Household.HouseholdId, TownScope.All))!.Numbers.Single().BadOutcome);
        var audit = Assert.Single(await AuditAsync(AuditActions.OutboundRequeue));
        Assert.Equal(("つながらなかった番号の記録を消去", Supervisor.UserId), (audit.Details, audit.UserId));
    }

    [Fact]
    public async Task AssignDistrict_SaysWhatIsMissing_And_SavesNothing_When_NothingIsChosen()
    {
        var cut = Render<CampaignPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=assign]"));

        cut.Find("[data-testid=assign]").Click();

        cut.WaitForAssertion(() => Assert.Contains("行政区を選んでください。", cut.Find("[data-testid=assignments]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await Districts.AssignmentsAsync(TownScope.All));
        Assert.Empty(await AuditAsync(AuditActions.OutboundAssign));
    }

    [Fact]
    public async Task Unassign_RemovesADistrictsAssignment()
    {
        Assert.Null(await Districts.AssignAsync(TownScope.All, 1, "浜区", Ops[0].UserId, null, Supervisor));
        var cut = Render<CampaignPage>();
        cut.WaitForAssertion(() => Assert.Contains("オペレーター1", TextOf(cut, "assignment-table"), StringComparison.Ordinal));

        cut.FindAll("[data-testid=assignment-table] button").Single(b => b.TextContent.Contains("外す", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=assignment-table]")));
        Assert.Empty(await Districts.AssignmentsAsync(TownScope.All));
        Assert.Equal(2, (await AuditAsync(AuditActions.OutboundAssign)).Count);
    }

    [Fact]
    public async Task AssignList_ShowsTheError_And_KeepsWhatWasTyped_When_NoAssigneeIsChosen()
    {
        var cut = Render<CampaignPage>();
        cut.WaitForAssertion(() => cut.Find("input[data-testid=list-name]"));

        cut.Find("input[data-testid=list-name]").Change("仮設住宅A棟");
        cut.Find("textarea[data-testid=list-numbers]").Change("HP1、HV1");
        cut.Find("[data-testid=list-assign]").Click();

        cut.WaitForAssertion(() => Assert.Equal("オペレーターか拠点のどちらか一方を選んでください。", TextOf(cut, "list-error")));
        Assert.Equal("仮設住宅A棟", cut.Find("input[data-testid=list-name]").GetAttribute("value"));
        Assert.Empty(await Lists.ListsAsync(TownScope.All));
    }

    [Fact]
    public async Task RemoveList_PutsItsHouseholdsBackInTheSharedQueue()
    {
        var assigned = await Lists.AssignListAsync("仮設住宅A棟", "HP1\nHV1", null, "いわき", Supervisor, TownScope.All);
        Assert.Null(assigned.Error);
        var cut = Render<CampaignPage>();
        cut.WaitForAssertion(() => Assert.Contains("拠点 いわき", TextOf(cut, "list-仮設住宅A棟"), StringComparison.Ordinal));

        cut.Find("[data-testid=list-remove]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=list-table]")));
        Assert.Empty(await Lists.ListsAsync(TownScope.All));
        Assert.Equal(2, (await AuditAsync(AuditActions.OutboundAssign)).Count);
    }
}
