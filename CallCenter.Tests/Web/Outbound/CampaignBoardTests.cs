using System.Globalization;
using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Outbound;
using CallCenter.Tests.Data.Outbound;
using CallCenter.Web.Components.Pages.Outbound;
using CallCenter.Web.Security;
using CallCenter.Data.Towns;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Outbound;

/// <summary>The campaign page's data work on a real SQLite town, done by op8 as a supervisor.</summary>
public sealed class CampaignBoardTests : OutboundTestContext
{
    private CampaignBoard Board => Services.GetRequiredService<CampaignBoard>();

    private OperatorContext Supervisor => Ops[7];

    private ClaimsPrincipal SupervisorPrincipal => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, Supervisor.UserId!.Value.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, Supervisor.UserName!),
        new Claim(CallCenterClaims.Site, Supervisor.Site!),
    ], "test"));

    /// <summary>HP1's only number is wrong, so HP1 is 要対応 (with every priority rule off it is claimed first).</summary>
    private async Task<int> EscalateHp1Async()
    {
        await OutboundTestData.SaveRulesAsync(Db.Connections, OutboundTestData.AllOff);
        await Queue.RebuildAsync();
        var claimed = (await Worklist.ClaimNextAsync(Ops[0], TownScope.All)).Household!;
        Assert.Equal("HP1", claimed.HouseholdNo);
        await Attempts.RecordAttemptAsync(claimed.HouseholdId, claimed.Numbers.Single().Phone, OutboundOutcome.WrongNumber, null, null, Ops[0]);
        return claimed.HouseholdId;
    }

    [Fact]
    public async Task Open_BuildsTheQueueOnce_GivesWhatThePageShows_And_AuditsTheEscalatedList()
    {
        Assert.Null(await Queue.BuiltAtAsync());

        var opening = await Board.OpenAsync(SupervisorPrincipal);

        Assert.Equal(Clock.Now.UtcDateTime, opening.View.BuiltAt);
        Assert.Equal(6, opening.View.Figures.QueueLength);
        Assert.Equal("HN1", Assert.Single(opening.View.Needing).HouseholdNo);
        Assert.Equal(new[] { "浜区", "山区", "川区" }.Order(StringComparer.Ordinal), opening.Districts.Select(d => d.District).Order(StringComparer.Ordinal));
        Assert.Equal(["会津若松", "いわき"], opening.Assignees.Sites);
        Assert.Equal(8, opening.Assignees.Operators.Count);
        Assert.Equal((await Queue.RulesAsync()).ClaimMinutes, opening.Rules.ClaimMinutes);
        var audit = Assert.Single(await AuditAsync(AuditActions.ViewList));
        Assert.Equal(("outbound-campaign", "要対応の世帯 1件を表示", "op8"), (audit.TargetType, audit.Details, audit.UserName));

        Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await Board.OpenAsync(SupervisorPrincipal);
        Assert.Equal(opening.View.BuiltAt, again.View.BuiltAt);
    }

    [Fact]
    public async Task Open_OffersOnlyEnabledOperators()
    {
        await new UserRepository(Db.Connections, Clock).SetDisabledAsync(Ops[2].UserId!.Value, true);

        var opening = await Board.OpenAsync(SupervisorPrincipal);

        Assert.DoesNotContain(opening.Assignees.Operators, u => u.UserName == "op3");
        Assert.Equal(7, opening.Assignees.Operators.Count);
    }

    [Fact]
    public async Task Rebuild_BuildsTheQueueNow_And_SaysHowManyHouseholdsItHolds()
    {
        // All seven households of the town, HN1 (no number, waiting in 要対応) among them.
        Assert.Equal("一覧を作り直しました（7 世帯）", await Board.RebuildAsync());

        Assert.Equal(Clock.Now.UtcDateTime, await Queue.BuiltAtAsync());
    }

    [Fact]
    public async Task SaveRules_StoresAndAuditsGoodRules_And_RefusesBadOnes()
    {
        var rules = OutboundTestData.AllOff with { ClaimMinutes = 30 };

        Assert.Empty(await Board.SaveRulesAsync(rules, Supervisor));
        Assert.NotEmpty(await Board.SaveRulesAsync(rules with { ClaimMinutes = 0 }, Supervisor));

        Assert.Equal(30, (await Queue.RulesAsync()).ClaimMinutes);
        Assert.Single(await AuditAsync(AuditActions.OutboundRules));
    }

    [Fact]
    public async Task Requeue_PutsAnEscalatedHouseholdBack_And_SaysSo_Only_When_ItWasEscalated()
    {
        var householdId = await EscalateHp1Async();
        var escalated = (await Escalations.NeedingNumbersAsync(TownScope.All)).Single(h => h.HouseholdNo == "HP1");

        Assert.Equal("世帯 HP1 を発信に戻しました", await Board.RequeueAsync(escalated, forgetBadNumbers: true, Supervisor, TownScope.All));
        Assert.Null(await Board.RequeueAsync(escalated, forgetBadNumbers: true, Supervisor, TownScope.All));

        Assert.DoesNotContain(await Escalations.NeedingNumbersAsync(TownScope.All), h => h.HouseholdNo == "HP1");
        Assert.Null((await Households.GetHouseholdAsync(householdId, TownScope.All))!.Numbers.Single().BadOutcome);
        var audit = Assert.Single(await AuditAsync(AuditActions.OutboundRequeue));
        Assert.Equal(("つながらなかった番号の記録を消去", Supervisor.UserId), (audit.Details, audit.UserId));
    }

    [Fact]
    public async Task Assign_GivesADistrictToTheChosenOperator_And_Unassign_RemovesIt()
    {
        var form = new DistrictAssignmentForm { District = "浜区", Assignee = AssigneeChoices.UserChoice(Ops[0].UserId!.Value) };

        Assert.Null(await Board.AssignAsync(form, Supervisor, TownScope.All));
        Assert.Equal("浜区 の担当を決めました", CampaignBoard.AssignedMessage(form));
        var assignment = Assert.Single(await Districts.AssignmentsAsync(TownScope.All));
        Assert.Equal(("浜区", Ops[0].UserId), (assignment.District, assignment.UserId));

        await Board.UnassignAsync(assignment, Supervisor, TownScope.All);

        Assert.Empty(await Districts.AssignmentsAsync(TownScope.All));
        Assert.Equal(2, (await AuditAsync(AuditActions.OutboundAssign)).Count);
    }

    [Fact]
    public async Task Assign_SaysWhatIsMissing_And_SavesNothing_When_NothingIsChosen()
    {
        Assert.Equal("行政区を選んでください。", await Board.AssignAsync(new DistrictAssignmentForm(), Supervisor, TownScope.All));

        Assert.Empty(await Districts.AssignmentsAsync(TownScope.All));
        Assert.Empty(await AuditAsync(AuditActions.OutboundAssign));
    }

    [Fact]
    public async Task AssignList_GivesTheNumbersToASite_And_UnassignList_PutsThemBack_SayingHowMany()
    {
        var form = new ListAssignmentForm { Name = "仮設住宅A棟", Assignee = AssigneeChoices.SiteChoice("いわき"), Numbers = "HP1、HV1" };

        var assigned = await Board.AssignListAsync(form, Supervisor, TownScope.All);

        Assert.Null(assigned.Error);
        var list = Assert.Single(await Lists.ListsAsync(TownScope.All));
        Assert.Equal(("仮設住宅A棟", "いわき"), (list.ListName, list.Site));
        Assert.Equal("「仮設住宅A棟」を解除しました（2 世帯を発信の一覧に戻しました）", await Board.UnassignListAsync(list, Supervisor, TownScope.All));
        Assert.Empty(await Lists.ListsAsync(TownScope.All));
        Assert.Equal(2, (await AuditAsync(AuditActions.OutboundAssign)).Count);
    }

    [Fact]
    public async Task AssignList_GivesTheError_And_SavesNothing_When_NoAssigneeIsChosen()
    {
        var result = await Board.AssignListAsync(new ListAssignmentForm { Name = "仮設住宅A棟", Numbers = "HP1" }, Supervisor, TownScope.All);

        Assert.Equal("オペレーターか拠点のどちらか一方を選んでください。", result.Error);
        Assert.Empty(await Lists.ListsAsync(TownScope.All));
        Assert.Empty(await AuditAsync(AuditActions.OutboundAssign));
    }
}
