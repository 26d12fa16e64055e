using CallCenter.Data.Accounts;
using CallCenter.Data.Approvals;
using CallCenter.Data.Calls;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Tests.Data.Calls;

/// <summary>
/// Calls and approvals with two towns whose resident numbers collide: a one-town account sees the calls and pending
/// reports of its own town only (another town's call or report is not found), an all-towns account sees both.
/// </summary>
public abstract class TwoTownCallsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private TwoTownData towns = null!;
    private OperatorContext operatorShiomi = null!;
    private OperatorContext supervisor = null!;
    private long shiomiCall;
    private long okumaCall;

    private CallLog Log => new(Connections);

    private ApprovalService Approvals => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        towns = await TwoTownData.CreateAsync(Connections);
        operatorShiomi = await CallTestData.StaffAsync(Connections, clock, "op-shiomi", "汐見 一子", UserRole.Operator, "いわき");
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv", "責任者 三郎", UserRole.Supervisor, "いわき");
        shiomiCall = await TwoTownData.RecordAsync(Connections, clock, operatorShiomi, "K0001", towns.Shiomi.TownId);
        clock.Advance(TimeSpan.FromMinutes(1));
        okumaCall = await TwoTownData.RecordAsync(Connections, clock, operatorShiomi, "K0001", towns.Okuma.TownId);
    }

    [SkippableFact]
    public async Task CallLog_OfAOneTownAccount_ListsItsTownsCallsOnly_And_AllTownsListsBoth()
    {
        var all = await Log.PageAsync(new CallFilter(), null, 50, TownScope.All);
        Assert.Equal([okumaCall, shiomiCall], all.Calls.Select(c => c.CallId));
        Assert.Equal(2, all.Total);
        Assert.Equal([("K0001", towns.Okuma.TownId, "渡辺　花子"), ("K0001", towns.Shiomi.TownId, "佐藤　正男")],
            all.Calls.SelectMany(c => c.Persons).Select(p => (p.ResidentNo, p.TownId, p.Name)));

        var shiomi = await Log.PageAsync(new CallFilter(), null, 50, towns.OnlyShiomi);
        Assert.Equal([shiomiCall], shiomi.Calls.Select(c => c.CallId));
        Assert.Equal(1, shiomi.Total);
        Assert.Equal("佐藤　正男", Assert.Single(shiomi.Calls[0].Persons).Name);

        var okuma = await Log.PageAsync(new CallFilter { Text = "0240-11-2233" }, null, 50, towns.OnlyOkuma);
        Assert.Empty(okuma.Calls);
        var okumaAll = await Log.PageAsync(new CallFilter(), null, 50, towns.OnlyOkuma);
        Assert.Equal([okumaCall], okumaAll.Calls.Select(c => c.CallId));
        Assert.Empty((await Log.PageAsync(new CallFilter(), null, 50, TownScope.Only([]))).Calls);
    }

    [SkippableFact]
    public async Task CallLog_ByPhoneOperatorAndCode_IsLimitedToTheScope()
    {
        var phone = await Log.FromNumberAsync("090-2222-3333", 5, towns.OnlyOkuma);
        Assert.Equal([okumaCall], phone.Select(c => c.CallId));
        var byOperator = await Log.PageAsync(new CallFilter { OperatorUserId = operatorShiomi.UserId }, null, 50, towns.OnlyShiomi);
        Assert.Equal([shiomiCall], byOperator.Calls.Select(c => c.CallId));
        Assert.Equal(1, byOperator.Total);
        var byCode = await Log.PageAsync(new CallFilter { WrapUpCodeId = CallTestData.SafetyReportCode }, null, 50, towns.OnlyOkuma);
        Assert.Equal([okumaCall], byCode.Calls.Select(c => c.CallId));
        Assert.Equal(1, byCode.Total);
    }

    [SkippableFact]
    public async Task CallDetail_OfAnotherTownsCall_IsNotFound()
    {
        Assert.Null(await Log.DetailAsync(okumaCall, towns.OnlyShiomi, operatorShiomi.UserId));
        Assert.Equal("佐藤　正男", Assert.Single((await Log.DetailAsync(shiomiCall, towns.OnlyShiomi))!.Persons).Name);
        Assert.Equal("渡辺　花子", Assert.Single((await Log.DetailAsync(okumaCall, TownScope.All))!.Persons).Name);
    }

    [SkippableFact]
    public async Task ACallAboutNoOne_IsSeenByAllTownsAccounts_And_TheOperatorWhoTookIt_Only()
    {
        var result = await new UnregisteredCalls(Connections, clock).SaveAsync(
            new UnregisteredCallDraft(CallDirection.Inbound, "名乗らない方", "0240-99-0000", CallTestData.SafetyReportCode, "問い合わせ"), operatorShiomi);
        var callId = result.CallId!.Value;
        Assert.NotNull(await Log.DetailAsync(callId, TownScope.All));
        Assert.NotNull(await Log.DetailAsync(callId, towns.OnlyShiomi, operatorShiomi.UserId));
        Assert.Null(await Log.DetailAsync(callId, towns.OnlyShiomi, supervisor.UserId));
        Assert.Null(await Log.DetailAsync(callId, towns.OnlyShiomi));
        Assert.Contains(callId, (await Log.PageAsync(new CallFilter(), null, 50, towns.OnlyShiomi, operatorShiomi.UserId)).Calls.Select(c => c.CallId));
        Assert.DoesNotContain(callId, (await Log.PageAsync(new CallFilter(), null, 50, towns.OnlyOkuma, supervisor.UserId)).Calls.Select(c => c.CallId));

        // Linked to 大熊町's K0001 it becomes 大熊町's call: the operator of 汐見町 no longer sees it.
        var links = new CallLinks(Connections, clock);
        Assert.Equal("住民番号「K0001」の人は複数の町にいます（汐見町、大熊町）。住民の画面から通話を記録してください。",
            (await links.LinkAsync(callId, "K0001", supervisor, ownCallOnly: false, TownScope.All)).Error);
        Assert.Equal("住民番号「K0099」の人は見つかりません。", (await links.LinkAsync(callId, "K0099", supervisor, false, towns.OnlyOkuma)).Error);
        var linked = await links.LinkAsync(callId, "K0001", supervisor, ownCallOnly: false, towns.OnlyOkuma);
        Assert.Equal(("渡辺　花子", towns.Okuma.TownId, true), (linked.Person!.Name, linked.Person.TownId, linked.Added));
        Assert.Null(await Log.DetailAsync(callId, towns.OnlyShiomi, operatorShiomi.UserId));
        Assert.NotNull(await Log.DetailAsync(callId, towns.OnlyOkuma));
    }

    [SkippableFact]
    public async Task Approvals_AreListedCountedAndDecided_WithinTheApproversTowns()
    {
        clock.Advance(TimeSpan.FromMinutes(1));
        await TwoTownData.RecordAsync(Connections, clock, operatorShiomi, "K0002", towns.Shiomi.TownId, SafetyStatus.Deceased);
        clock.Advance(TimeSpan.FromMinutes(1));
        await TwoTownData.RecordAsync(Connections, clock, operatorShiomi, "K0002", towns.Okuma.TownId, SafetyStatus.Deceased);

        var all = await Approvals.PendingAsync(TownScope.All);
        Assert.Equal([("K0002", towns.Shiomi.TownId, "佐藤　節子"), ("K0002", towns.Okuma.TownId, "渡辺　健")],
            all.Select(p => (p.ResidentNo, p.TownId, p.Name)));
        Assert.Equal(2, await Approvals.PendingCountAsync(TownScope.All));
        var okuma = Assert.Single(await Approvals.PendingAsync(towns.OnlyOkuma));
        Assert.Equal("渡辺　健", okuma.Name);
        Assert.Equal(1, await Approvals.PendingCountAsync(towns.OnlyShiomi));
        Assert.Equal(0, await Approvals.PendingCountAsync(TownScope.Only([])));

        // Deciding another town's report by its id: not found, nothing written.
        Assert.Equal("この報告は承認の対象ではありません。", (await Approvals.ApproveAsync(okuma.ReportId, "警察に確認", supervisor, towns.OnlyShiomi)).Problem);
        Assert.Equal("この報告は承認の対象ではありません。", (await Approvals.RejectAsync(okuma.ReportId, "誤報", supervisor, towns.OnlyShiomi)).Problem);
        Assert.Equal(2, await Approvals.PendingCountAsync(TownScope.All));
        Assert.True((await Approvals.ApproveAsync(okuma.ReportId, "警察に確認", supervisor, towns.OnlyOkuma)).Done);
        Assert.Equal(0, await Approvals.PendingCountAsync(towns.OnlyOkuma));
        Assert.Equal(1, await Approvals.PendingCountAsync(towns.OnlyShiomi));
    }
}

public sealed class TwoTownCallsTestsOnSqlite : TwoTownCallsTests<OnSqlite>;

public sealed class TwoTownCallsTestsOnSqlServer : TwoTownCallsTests<OnSqlServer>;
