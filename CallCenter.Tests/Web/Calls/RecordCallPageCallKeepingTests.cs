using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Calls;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Calls;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Calls;

/// <summary>
/// The call form keeps calls as call centers keep them (issue 14, items 3 and 4): the timer in the header, the 要件
/// required for an inbound call, the caller's number from a screen-pop (?phone=) and the caller's name for 本人.
/// Over a real SQLite file, with a clock the test moves.
/// </summary>
public sealed class RecordCallPageCallKeepingTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private readonly BunitAuthorizationContext auth;

    public RecordCallPageCallKeepingTests()
    {
        db.Migrate();
        // The one override: the clock, so the stored start and end are known.
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override Task InitializeAsync() => CallFormTestSetup.SignInOperatorAsync(db.Connections, auth);

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private IRenderedComponent<RecordCallPage> RenderPage(string residentNo = "K0003", string? phone = null, string? direction = null)
    {
        // As the browser opens it: the query (a screen-pop's ?phone=, the worklist's ?direction=outbound) is in the address.
        var navigation = Services.GetRequiredService<NavigationManager>();
        var query = new Dictionary<string, object?> { ["phone"] = phone, ["direction"] = direction };
        navigation.NavigateTo(navigation.GetUriWithQueryParameters($"/residents/{residentNo}/call", query));
        var cut = Render<RecordCallPage>(p => p.Add(x => x.ResidentNo, residentNo));
        cut.WaitForAssertion(() => cut.Find("[data-testid=member-K0001]"));
        return cut;
    }

    private static IRenderedComponent<MemberReportCard> Card(IRenderedComponent<RecordCallPage> cut, string residentNo) =>
        cut.FindComponents<MemberReportCard>().Single(c => c.Instance.Member.Resident.ResidentNo == residentNo);

    private static async Task FillReportAsync(IRenderedComponent<RecordCallPage> cut, string residentNo = "K0003")
    {
        var card = Card(cut, residentNo);
        await card.Find("[data-testid=status]").ChangeAsync(new ChangeEventArgs { Value = "無事" });
        await card.Find("[data-testid=whereabouts-type]").ChangeAsync(new ChangeEventArgs { Value = "親族・知人宅" });
        await card.InvokeAsync(() => card.FindComponent<MudAutocomplete<byte?>>().Instance.ValueChanged.InvokeAsync((byte?)7));
        cut.Find($"[data-testid=member-{residentNo}] input[data-testid=municipality]").Change("郡山市");
    }

    private static Task RelationAsync(IRenderedComponent<RecordCallPage> cut, string relation)
    {
        var box = cut.FindComponent<MudAutocomplete<string>>();
        return cut.InvokeAsync(() => box.Instance.ValueChanged.InvokeAsync(relation));
    }

    private static Task SelectAsync(IRenderedComponent<RecordCallPage> cut, string residentNo, bool selected)
    {
        Card(cut, residentNo).Find("input[data-testid=member-check]").Change(selected);
        return Task.CompletedTask;
    }

    private string CallerName(IRenderedComponent<RecordCallPage> cut) => cut.Find("input[data-testid=caller-name]").GetAttribute("value") ?? "";

    private async Task<List<(DateTime StartedAt, DateTime EndedAt, int? WrapUpCodeId, string? CallerPhone)>> CallsAsync()
    {
        await using var connection = await db.Connections.OpenAsync();
        return [.. await connection.QueryAsync<(DateTime, DateTime, int?, string?)>("SELECT StartedAt, EndedAt, WrapUpCodeId, CallerPhone FROM Calls")];
    }

    [Fact]
    public void Header_ShowsTheTimer_StartedWhenTheFormOpened_AndTheBrowserTicksIt()
    {

        var cut = RenderPage();

        var timer = cut.Find(".call-title [data-testid=call-timer]");
        Assert.Equal("00:00", timer.QuerySelector("[data-testid=call-timer-text]")!.TextContent);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, DateTime.Parse(timer.GetAttribute("data-started-at")!, null, System.Globalization.DateTimeStyles.RoundtripKind));
        Assert.Equal("timer", timer.GetAttribute("role"));
        // One module call starts the browser's ticking; the server does not render every second.
        cut.WaitForAssertion(() => Assert.Single(JSInterop.Invocations, i => i.Identifier == "callForm.startCallTimer"));
    }

    [Fact]
    public async Task InboundSave_IsRefusedWithoutAWrapUpCode_Then_SavesWithOne_WithTheFormsOpeningAsStart()
    {
        var opened = clock.GetUtcNow().UtcDateTime;
        var cut = RenderPage();
        cut.Find("input[data-testid=caller-name]").Change("佐藤 美穂");
        await FillReportAsync(cut);
        clock.Advance(TimeSpan.FromSeconds(192));

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("要件を選んでください。", cut.Find("[data-testid=wrap-up-error]").TextContent.Trim()));
        Assert.Empty(await CallsAsync());

        cut.ChooseWrapUp("所在変更");
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0003", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        var call = Assert.Single(await CallsAsync());
        var moved = (await Services.GetRequiredService<WrapUpCodes>().ListAsync()).Single(c => c.Label == "所在変更").WrapUpCodeId;
        Assert.Equal((opened, opened.AddSeconds(192), (int?)moved), (call.StartedAt, call.EndedAt, call.WrapUpCodeId));
    }

    [Fact]
    public async Task WrapUpRow_OffersTheActiveCodes_InListOrder_NumberedForTheKeyboard()
    {
        var codes = Services.GetRequiredService<WrapUpCodes>();
        var complaint = (await codes.ListAsync()).Single(c => c.Label == "苦情").WrapUpCodeId;
        Assert.Null(await codes.SetActiveAsync(complaint, false, new OperatorContext(null, "sv", null)));

        var cut = RenderPage();

        var options = cut.FindAll("[data-testid=wrap-up-option]");
        Assert.Equal(["1安否報告", "2所在変更", "3照会", "4要望・相談", "5問い合わせ", "6間違い電話", "7その他"],
            options.Select(o => string.Concat(o.TextContent.Where(c => !char.IsWhiteSpace(c)))));
        Assert.All(cut.FindAll("[data-testid=wrap-up] input"), input => Assert.Equal("radio", input.GetAttribute("type")));
        Assert.Contains("Alt+Y", cut.Find("[data-testid=shortcut-help]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboundSave_NeedsNoWrapUpCode()
    {
        var cut = RenderPage(direction: "outbound", phone: "090-2222-3333");
        cut.Find("input[data-testid=caller-name]").Change("佐藤 浩二");
        await FillReportAsync(cut);

        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/residents/K0003", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        Assert.Null(Assert.Single(await CallsAsync()).WrapUpCodeId);
    }

    [Fact]
    public async Task ScreenPop_FillsTheCallersNumber_ForAnInboundCall()
    {
        var cut = RenderPage(phone: "0240-11-2233");

        Assert.Equal("0240-11-2233", cut.Find("input[data-testid=caller-phone]").GetAttribute("value"));
        Assert.True(cut.FindAll("[data-testid=direction] input[type=radio]")[0].HasAttribute("checked"));
        Assert.False(cut.FindAll("[data-testid=direction] input[type=radio]")[1].HasAttribute("checked"));

        cut.Find("input[data-testid=caller-name]").Change("佐藤 浩二");
        await FillReportAsync(cut);
        cut.ChooseWrapUp();
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("0240-11-2233", Assert.Single(CallsAsync().GetAwaiter().GetResult()).CallerPhone));
    }

    [Fact]
    public async Task Honnin_FillsTheCallersName_FromTheOnePersonTheCallIsAbout()
    {
        var cut = RenderPage("K0003");

        await RelationAsync(cut, "本人");
        cut.WaitForAssertion(() => Assert.Equal("佐藤　浩二", CallerName(cut)));

        // About several: the caller is the person the form opened for.
        await SelectAsync(cut, "K0001", true);
        Assert.Equal("佐藤　浩二", CallerName(cut));
        // About one other person only: that person.
        await SelectAsync(cut, "K0003", false);
        cut.WaitForAssertion(() => Assert.Equal("佐藤　正男", CallerName(cut)));
        // No longer 本人: the filled-in name goes.
        await RelationAsync(cut, "子");
        cut.WaitForAssertion(() => Assert.Equal("", CallerName(cut)));
    }

    [Fact]
    public async Task Honnin_KeepsANameTheOperatorTyped()
    {
        var cut = RenderPage("K0003");
        cut.Find("input[data-testid=caller-name]").Change("佐藤 こうじ");

        await RelationAsync(cut, "本人");
        await SelectAsync(cut, "K0001", true);

        Assert.Equal("佐藤 こうじ", CallerName(cut));
    }
}
