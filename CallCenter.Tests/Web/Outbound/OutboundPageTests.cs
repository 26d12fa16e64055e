using System.Reflection;
using Bunit;
using CallCenter.Data.Audit;
using CallCenter.Data.Outbound;
using CallCenter.Web.Components.Pages.Outbound;
using CallCenter.Web.Security;
using CallCenter.Data.Towns;
using Microsoft.AspNetCore.Authorization;

namespace CallCenter.Tests.Web.Outbound;

/// <summary>The operator's worklist. With the default rules HV1 (a 避難行動要支援者, one number) comes first.</summary>
public sealed class OutboundPageTests : OutboundTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Queue.RebuildAsync();
        SignIn(Ops[0]);
    }

    [Fact]
    public void Page_IsForOperators()
    {
        var authorize = typeof(OutboundPage).GetCustomAttribute<AuthorizeAttribute>();
        Assert.Equal(Policies.Operator, authorize?.Policy);
    }

    [Fact]
    public async Task Next_HandsTheOperatorTheFirstHousehold_WithItsMembersAndNumber_And_AuditsTheClaim()
    {
        var cut = Render<OutboundPage>();
        Assert.Contains("15分間", TextOf(cut, "no-household"), StringComparison.Ordinal);
        Assert.Equal("n", cut.Find("[data-testid=next]").GetAttribute("accesskey"));

        cut.Find("[data-testid=next]").Click();

        cut.WaitForAssertion(() => Assert.Equal("HV1", cut.Find("[data-testid=household]").GetAttribute("data-household")));
        Assert.Equal("未確認（優先）", TextOf(cut, "priority"));
        Assert.Contains("要支援者", TextOf(cut, "reasons"), StringComparison.Ordinal);
        Assert.Contains("井上　和夫", TextOf(cut, "member-V001"), StringComparison.Ordinal);
        Assert.Contains("要支援 要介護3", TextOf(cut, "member-V001"), StringComparison.Ordinal);
        Assert.Contains("56歳", TextOf(cut, "member-V001"), StringComparison.Ordinal);
        var number = Assert.Single(cut.FindAll("[data-testid=numbers] input[type=radio]"));
        Assert.True(number.HasAttribute("checked"));
        Assert.Contains("0240-10-0002", TextOf(cut, "numbers"), StringComparison.Ordinal);
        Assert.Contains("まだ発信していません。", TextOf(cut, "attempts"), StringComparison.Ordinal);
        var householdId = await IdAsync("HV1");
        Assert.Equal("HV1", (await Worklist.HeldByAsync(Ops[0].UserId!.Value, TownScope.All))?.HouseholdNo);
        var claim = Assert.Single(await AuditAsync(AuditActions.ClaimHousehold));
        Assert.Equal((householdId.ToString(System.Globalization.CultureInfo.InvariantCulture), "op1"), (claim.TargetId, claim.UserName));
    }

    [Fact]
    public async Task NoAnswer_RecordsTheAttemptWithTheNote_And_ShowsItInTheHistory()
    {
        var cut = Render<OutboundPage>();
        cut.Find("[data-testid=next]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=household]"));

        cut.Find("input[data-testid=attempt-note]").Change("呼び出し10回");
        cut.Find("[data-testid=outcome-NoAnswer]").Click();

        cut.WaitForAssertion(() => Assert.Contains("「不在」を記録しました。", TextOf(cut, "attempt-message"), StringComparison.Ordinal));
        var household = (await Households.GetHouseholdAsync(await IdAsync("HV1"), TownScope.All))!;
        var attempt = Assert.Single(household.Attempts);
        Assert.Equal((OutboundOutcome.NoAnswer, "0240-10-0002", "呼び出し10回"), (attempt.Outcome, attempt.Phone, attempt.Note));
        Assert.Single(await AuditAsync(AuditActions.OutboundAttempt));
        if (cut.FindAll("[data-testid=household]").Count > 0)
        {
            // Still held: the history shows the attempt and the note field is empty again.
            Assert.Contains("呼び出し10回", TextOf(cut, "attempts"), StringComparison.Ordinal);
            Assert.Equal("", cut.Find("input[data-testid=attempt-note]").GetAttribute("value") ?? "");
        }
    }

    [Fact]
    public async Task WrongNumber_OnTheOnlyNumber_SendsTheHouseholdToTheSupervisor()
    {
        var cut = Render<OutboundPage>();
        cut.Find("[data-testid=next]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=household]"));

        cut.Find("[data-testid=outcome-WrongNumber]").Click();

        cut.WaitForAssertion(() => Assert.Equal("「番号違い」を記録しました。使える番号がないため、要対応に回しました。", TextOf(cut, "attempt-message")));
        Assert.Contains("mud-alert-text-warning", cut.Find("[data-testid=attempt-message]").ClassName, StringComparison.Ordinal);
        Assert.Contains(await Escalations.NeedingNumbersAsync(TownScope.All), h => h.HouseholdNo == "HV1");
    }

    [Fact]
    public async Task Callback_OffersAnHourFromNow_And_RecordsTheChosenTime()
    {
        var cut = Render<OutboundPage>();
        cut.Find("[data-testid=next]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=household]"));

        cut.Find("[data-testid=outcome-CallbackRequested]").Click();
        // 10:30 in Japan: an hour from now, then 「今日18時」.
        cut.WaitForAssertion(() => Assert.Equal("2026-03-14T11:30", cut.Find("input[data-testid=callback-at]").GetAttribute("value")));
        Assert.Empty(await AuditAsync(AuditActions.OutboundAttempt));
        cut.FindAll("[data-testid=callback-panel] button").Single(b => b.TextContent.Contains("今日18時", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.Equal("2026-03-14T18:00", cut.Find("input[data-testid=callback-at]").GetAttribute("value")));
        cut.Find("[data-testid=callback-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("折り返し（2026/03/14 18:00）を記録しました。その時刻にあなたに回ります。", TextOf(cut, "attempt-message")));
        var attempt = Assert.Single((await Households.GetHouseholdAsync(await IdAsync("HV1"), TownScope.All))!.Attempts);
        Assert.Equal((OutboundOutcome.CallbackRequested, (DateTime?)new DateTime(2026, 3, 14, 9, 0, 0)), (attempt.Outcome, attempt.CallbackAt));
    }

    [Fact]
    public async Task Connected_OpensTheCallFormForTheUnconfirmedMember_AsAnOutboundCall()
    {
        var cut = Render<OutboundPage>();
        cut.Find("[data-testid=next]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=household]"));

        cut.Find("[data-testid=outcome-Connected]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/V001/call?direction=outbound&phone=0240-10-0002&from=outbound", Navigation.Uri, StringComparison.Ordinal));
        Assert.Equal(OutboundOutcome.Connected, Assert.Single((await Households.GetHouseholdAsync(await IdAsync("HV1"), TownScope.All))!.Attempts).Outcome);
    }

    [Fact]
    public async Task Release_GivesTheHouseholdBack()
    {
        var cut = Render<OutboundPage>();
        cut.Find("[data-testid=next]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=release]"));

        cut.Find("[data-testid=release]").Click();

        cut.WaitForAssertion(() => Assert.Equal("世帯 HV1 を解放しました。", TextOf(cut, "attempt-message")));
        Assert.Empty(cut.FindAll("[data-testid=household]"));
        Assert.Null(await Worklist.HeldByAsync(Ops[0].UserId!.Value, TownScope.All));
        Assert.Single(await AuditAsync(AuditActions.ReleaseHousehold));
    }

    [Fact]
    public async Task HeldHousehold_IsShownAgainToItsHolder_And_Audited()
    {
        Assert.Equal("HV1", (await Worklist.ClaimNextAsync(Ops[0], TownScope.All)).Household?.HouseholdNo);

        var cut = Render<OutboundPage>();

        cut.WaitForAssertion(() => Assert.Equal("HV1", cut.Find("[data-testid=household]").GetAttribute("data-household")));
        var audit = Assert.Single(await AuditAsync(AuditActions.ViewList));
        Assert.Equal(("outbound", "HV1", "担当中の世帯を再表示", "op1"), (audit.TargetType, audit.TargetId, audit.Details, audit.UserName));
    }

    [Fact]
    public async Task AnotherOperatorsHousehold_IsNotShown()
    {
        Assert.Equal("HV1", (await Worklist.ClaimNextAsync(Ops[1], TownScope.All)).Household?.HouseholdNo);

        var cut = Render<OutboundPage>();

        Assert.NotNull(cut.Find("[data-testid=no-household]"));
        Assert.DoesNotContain("井上", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(await AuditAsync(AuditActions.ViewList));
    }

    [Fact]
    public async Task Next_SaysSo_When_EveryHouseholdIsTaken()
    {
        foreach (var other in Ops.Skip(1).Take(6))
        {
            Assert.NotNull((await Worklist.ClaimNextAsync(other, TownScope.All)).Household);
        }
        var cut = Render<OutboundPage>();

        cut.Find("[data-testid=next]").Click();

        cut.WaitForAssertion(() => Assert.Contains("いま電話をかける世帯はありません。", TextOf(cut, "no-household"), StringComparison.Ordinal));
        Assert.Null(await Worklist.HeldByAsync(Ops[0].UserId!.Value, TownScope.All));
    }
}
