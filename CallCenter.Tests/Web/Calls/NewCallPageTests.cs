using CallCenter.Data.Towns;
using Bunit;
using Bunit.TestDoubles;
using CallCenter.Data;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Reports;
using CallCenter.Tests.Data;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Calls;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CallCenter.Tests.Web.Calls;

/// <summary><c>/calls/new</c> over a real SQLite file: the screen-pop by number and the call about no registered person.</summary>
public sealed class NewCallPageTests : MudTestContext
{
    private readonly TestDatabase.SqliteTestDatabase db = TestDatabase.CreateSqlite();
    private readonly BunitAuthorizationContext auth;
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private int operatorId;

    public NewCallPageTests()
    {
        db.Migrate();
        Services.AddCallCenterData(db.Configuration);
        Services.AddCallFormServices();
        Services.AddSingleton<TimeProvider>(clock);
        auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override async Task InitializeAsync() => operatorId = await CallFormTestSetup.SignInOperatorAsync(db.Connections, auth);

    protected override ValueTask DisposeTestResourcesAsync() => db.DisposeAsync();

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<NewCallPage> Open(string uri)
    {
        Navigation.NavigateTo(uri);
        var cut = Render<NewCallPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=save-unregistered]"));
        return cut;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await db.Connections.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    /// <summary>K0002 is now reached at her son's mobile (a whereabouts contact), which is also his own number.</summary>
    private async Task SharePhoneAsync()
    {
        var wife = await CallTestData.ResidentAsync(db.Connections, "K0002");
        var report = CallTestData.Report(wife) with { ContactPhone = "090-2222-3333" };
        var saved = await Services.GetRequiredService<CallRecordingService>().SaveAsync(CallTestData.Draft(report),
            new OperatorContext(operatorId, "op-aizu", "会津若松"));
        Assert.True(saved.Saved);
    }

    [Fact]
    public async Task ScreenPop_ListsTheResidentsKnownByTheNumber_FillsThePhone_And_IsAuditedAsASearch()
    {
        await SharePhoneAsync();

        var cut = Open("calls/new?phone=09022223333");

        var rows = cut.FindAll("[data-testid=phone-match]");
        Assert.Equal(["K0002", "K0003"], rows.Select(r => r.GetAttribute("data-resident-no")));
        Assert.Contains("所在の連絡先", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("本人の電話", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("浜区", rows[1].TextContent, StringComparison.Ordinal);
        // The number as the PBX sent it goes on to the call form and into the phone field.
        Assert.Equal("/residents/K0003/call?phone=09022223333", rows[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("09022223333", cut.Find("input[data-testid=caller-phone]").GetAttribute("value"));
        // The earlier call from that number (the son's, about his mother) is listed.
        Assert.Single(cut.FindAll("[data-testid=earlier-calls] [data-testid=call-log-row]"));
        var audit = await ScalarAsync<string>($"SELECT Details FROM AuditLog WHERE Action = '{AuditActions.Search}'");
        Assert.Equal("着信表示 09022223333（該当 2人・以前の通話 1件）", audit);
    }

    [Fact]
    public async Task ADigitKey_OpensTheCallFormOfThatPerson_WithTheNumber()
    {
        await SharePhoneAsync();
        var cut = Open("calls/new?phone=090-2222-3333");

        await cut.Find("[data-testid=phone-matches]").KeyDownAsync(new KeyboardEventArgs { Key = "2" });

        Assert.EndsWith("/residents/K0003/call?phone=090-2222-3333", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADigitPastTheList_DoesNothing()
    {
        var cut = Open("calls/new?phone=0240-11-2233");
        Assert.Single(cut.FindAll("[data-testid=phone-match]"));

        await cut.Find("[data-testid=phone-matches]").KeyDownAsync(new KeyboardEventArgs { Key = "3" });

        Assert.EndsWith("calls/new?phone=0240-11-2233", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void NoMatch_SaysSo_And_LeavesTheFormReady_WithTheNumber()
    {
        var cut = Open("calls/new?phone=0240-99-9999");

        Assert.Contains("0240-99-9999 で登録のある方は見つかりません", cut.Find("[data-testid=no-match]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=phone-match]"));
        Assert.Equal("0240-99-9999", cut.Find("input[data-testid=caller-phone]").GetAttribute("value"));
    }

    [Fact]
    public async Task AMalformedNumber_GetsAJapaneseMessage_And_NoSearch()
    {
        var cut = Open("calls/new?phone=abc-12");

        Assert.Equal("「abc-12」は電話番号として読めません。数字（ハイフン可）で 6〜15 桁の番号を入れてください。", cut.Find("[data-testid=phone-error]").TextContent.Trim());
        Assert.Equal(0, await ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog"));
    }

    [Fact]
    public async Task Save_RequiresAWrapUpCode_ForAnInboundCall_And_WritesNothing()
    {
        var cut = Open("calls/new?name=双葉 次郎");
        Assert.Equal("双葉 次郎", cut.Find("input[data-testid=caller-name]").GetAttribute("value"));

        await cut.Find("button[data-testid=save-unregistered]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("着信の要件を選んでください。", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("入力に誤りがあります（1 件）", cut.Find("[data-testid=error-summary]").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync<int>("SELECT COUNT(*) FROM Calls"));
    }

    [Fact]
    public async Task Save_WritesTheCall_TimedFromWhenThePageOpened_And_ReturnsToTheSearch()
    {
        var opened = clock.Now.UtcDateTime;
        var cut = Open("calls/new");
        var code = (await new WrapUpCodes(db.Connections).ListAsync()).Single(c => c.Label == "要望・相談").WrapUpCodeId;
        cut.Find("input[data-testid=caller-name]").Change("大熊 さち");
        cut.Find("input[data-testid=caller-phone]").Change("080-5555-6666");
        cut.Find("textarea[data-testid=call-note]").Change("仮設住宅の風呂の手すりを付けてほしい");
        var select = cut.FindComponent<MudSelect<int?>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(code));
        clock.Advance(TimeSpan.FromMinutes(3));

        await cut.Find("button[data-testid=save-unregistered]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.EndsWith("/", Navigation.Uri, StringComparison.Ordinal));
        await using var connection = await db.Connections.OpenAsync();
        var call = await connection.QuerySingleAsync<(string CallerName, string CallerPhone, long WrapUpCodeId, long OperatorUserId)>(
            "SELECT CallerName, CallerPhone, WrapUpCodeId, OperatorUserId FROM Calls");
        Assert.Equal(("大熊 さち", "080-5555-6666", (long)code, (long)operatorId), call);
        var detail = await new CallLog(db.Connections).DetailAsync(1, TownScope.All);
        Assert.Equal((opened, TimeSpan.FromMinutes(3)), (detail!.StartedAt, detail.Duration!.Value));
        Assert.Empty(detail.Persons);
    }
}
