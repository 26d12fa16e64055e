using System.Globalization;
using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Outbound;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Outbound;
using CallCenter.Web.Security;
using CallCenter.Data.Towns;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Outbound;

/// <summary>The outbound page's data work on a real SQLite town: with the default rules HV1 (one number) comes first.</summary>
public sealed class OutboundDeskTests : OutboundTestContext
{
    private OutboundDesk Desk => Services.GetRequiredService<OutboundDesk>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Queue.RebuildAsync();
    }

    private static ClaimsPrincipal Principal(OperatorContext who) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, who.UserId!.Value.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, who.UserName!),
        new Claim(CallCenterClaims.Site, who.Site!),
    ], "test"));

    private async Task<OutboundHousehold> ClaimAsync(OperatorContext who) =>
        (await Desk.ClaimNextAsync(who, TownScope.All)).Household ?? throw new InvalidOperationException("nothing to claim");

    [Fact]
    public async Task Held_IsNull_And_AuditsNothing_When_TheOperatorHoldsNoHousehold()
    {
        await ClaimAsync(Ops[1]);

        Assert.Null(await Desk.HeldAsync(Principal(Ops[0])));

        Assert.Empty(await AuditAsync(AuditActions.ViewList));
    }

    [Fact]
    public async Task Held_GivesTheHeldHouseholdWithItsMessages_And_AuditsItAsShownAgain()
    {
        var v001 = await CallTestData.ResidentAsync(Db.Connections, "V001");
        var inquiry = await new InquiryRepository(Db.Connections, Clock).RecordAsync(new InquiryDraft(v001.ResidentId, InquirerType.Relative,
            "井上 明", "弟", "03-1111-2222", "生年月日で確認", DisclosureItems.Safety, "兄に電話してほしい", null), Ops[2]);
        Assert.True(inquiry.Saved, string.Join(" ", inquiry.Errors));
        Assert.Equal("HV1", (await ClaimAsync(Ops[0])).HouseholdNo);

        var held = await Desk.HeldAsync(Principal(Ops[0]));

        Assert.Equal("HV1", held?.Household.HouseholdNo);
        Assert.Equal("兄に電話してほしい", Assert.Single(held!.Value.Messages).Message);
        var audit = Assert.Single(await AuditAsync(AuditActions.ViewList));
        Assert.Equal(("outbound", "HV1", "担当中の世帯を再表示", "op1", "会津若松"),
            (audit.TargetType, audit.TargetId, audit.Details, audit.UserName, audit.Site));
    }

    [Fact]
    public async Task Release_GivesTheHouseholdBack_Audits_And_SaysSo()
    {
        var household = await ClaimAsync(Ops[0]);

        var message = await Desk.ReleaseAsync(household, Ops[0]);

        Assert.Equal("世帯 HV1 を解放しました。", message);
        Assert.Null(await Worklist.HeldByAsync(Ops[0].UserId!.Value, TownScope.All));
        Assert.Equal(household.HouseholdId.ToString(CultureInfo.InvariantCulture), Assert.Single(await AuditAsync(AuditActions.ReleaseHousehold)).TargetId);
    }

    [Fact]
    public async Task FollowUp_OfANoAnswer_GivesTheMessage_And_TheHouseholdAsItIsNow()
    {
        var household = await ClaimAsync(Ops[0]);
        var phone = household.Numbers.Single().Phone;

        var result = await Desk.RecordAttemptAsync(household, phone, OutboundOutcome.NoAnswer, null, "呼び出し10回", Ops[0]);
        var next = await Desk.FollowUpAsync(household, phone, OutboundOutcome.NoAnswer, null, result, TownScope.All);

        Assert.True(result.Saved);
        Assert.Single(await AuditAsync(AuditActions.OutboundAttempt));
        Assert.StartsWith("「不在」を記録しました。", next.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Success, next.Severity);
        Assert.Null(next.Error);
        Assert.Null(next.CallFormPath);
        if (!next.Released)
        {
            Assert.Equal("呼び出し10回", Assert.Single(next.Household!.Attempts).Note);
        }
    }

    [Fact]
    public async Task FollowUp_OfAWrongOnlyNumber_WarnsThatTheHouseholdWentToTheSupervisor()
    {
        var household = await ClaimAsync(Ops[0]);
        var phone = household.Numbers.Single().Phone;

        var result = await Desk.RecordAttemptAsync(household, phone, OutboundOutcome.WrongNumber, null, null, Ops[0]);
        var next = await Desk.FollowUpAsync(household, phone, OutboundOutcome.WrongNumber, null, result, TownScope.All);

        Assert.Equal(("「番号違い」を記録しました。使える番号がないため、要対応に回しました。", Severity.Warning), (next.Message, next.Severity));
        Assert.Contains(await Escalations.NeedingNumbersAsync(TownScope.All), h => h.HouseholdNo == "HV1");
    }

    [Fact]
    public async Task CallFormPath_NamesTheHouseholdsTown_OnlyWhenSeveralTownsExist()
    {
        var household = await ClaimAsync(Ops[0]);
        var phone = household.Numbers.Single().Phone;
        var joint = new CallCenter.Web.Security.TownNames([new CallCenter.Data.Towns.Town(household.TownId, "079995", "汐見町"),
            new CallCenter.Data.Towns.Town(household.TownId + 1, "075451", "大熊町")]);

        Assert.Equal("/residents/V001/call?direction=outbound&phone=0240-10-0002&from=outbound&town=079995", OutboundDesk.CallFormPath(household, phone, joint));
        Assert.Equal("/residents/V001/call?direction=outbound&phone=0240-10-0002&from=outbound",
            OutboundDesk.CallFormPath(household, phone, CallCenter.Web.Security.TownNames.Single));
    }

    [Fact]
    public async Task FollowUp_OfAConnectedCall_OpensTheCallFormForTheUnconfirmedMember()
    {
        var household = await ClaimAsync(Ops[0]);
        var phone = household.Numbers.Single().Phone;

        var result = await Desk.RecordAttemptAsync(household, phone, OutboundOutcome.Connected, null, null, Ops[0]);
        var next = await Desk.FollowUpAsync(household, phone, OutboundOutcome.Connected, null, result, TownScope.All);

        Assert.Equal("/residents/V001/call?direction=outbound&phone=0240-10-0002&from=outbound", next.CallFormPath);
        Assert.Null(next.Message);
        Assert.Equal(OutboundOutcome.Connected, Assert.Single((await Households.GetHouseholdAsync(household.HouseholdId, TownScope.All))!.Attempts).Outcome);
    }

    [Fact]
    public async Task FollowUp_GivesTheError_And_NothingIsRecorded_When_AnotherOperatorHoldsTheHousehold()
    {
        var household = await ClaimAsync(Ops[1]);
        var phone = household.Numbers.Single().Phone;

        var result = await Desk.RecordAttemptAsync(household, phone, OutboundOutcome.NoAnswer, null, null, Ops[0]);
        var next = await Desk.FollowUpAsync(household, phone, OutboundOutcome.NoAnswer, null, result, TownScope.All);

        Assert.Equal("この世帯は他のオペレーターが担当しています。", next.Error);
        Assert.Null(next.Message);
        Assert.Null(next.CallFormPath);
        Assert.Empty((await Households.GetHouseholdAsync(household.HouseholdId, TownScope.All))!.Attempts);
        Assert.Empty(await AuditAsync(AuditActions.OutboundAttempt));
    }
}
