using System.Diagnostics;
using System.Text.RegularExpressions;
using CallCenter.Data.Reports;
using CallCenter.Tests.Browser.Calls;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static CallCenter.Tests.Browser.Dashboard.DashboardBrowserData;

namespace CallCenter.Tests.Browser.Dashboard;

[Collection(BrowserCollection.Name)]
public sealed partial class DashboardBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    // Two districts of this test's own: 東雲区 (6 residents) is watched, 若葉区 (4) must not leak into its figures.
    private const string LiveRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        D5001,DH51,世帯主,東 信夫,アズマ シノブ,昭和15年1月20日,男,東雲区,東雲町1-1,0240-55-0001
        D5002,DH51,妻,東 キヨ,アズマ キヨ,昭和17年6月6日,女,東雲区,東雲町1-1,
        D5003,DH52,世帯主,小野寺 隆,オノデラ タカシ,1958-10-10,男,東雲区,東雲町2-5,090-5555-0003
        D5004,DH52,妻,小野寺 恵子,オノデラ ケイコ,1961-03-03,女,東雲区,東雲町2-5,
        D5005,DH52,子,小野寺 翔,オノデラ ショウ,1990-08-15,男,東雲区,東雲町2-5,
        D5006,DH53,世帯主,菅野 ハル,カンノ ハル,大正15年4月1日,女,東雲区,東雲町3-9,0240-55-0006
        D5011,DH54,世帯主,渡辺 修,ワタナベ オサム,1970-12-12,男,若葉区,若葉台1-2,080-5555-0011
        D5012,DH54,妻,渡辺 真理,ワタナベ マリ,1972-02-02,女,若葉区,若葉台1-2,
        D5013,DH55,世帯主,本田 誠,ホンダ マコト,1949-05-05,男,若葉区,若葉台4-4,
        D5014,DH55,妻,本田 幸子,ホンダ サチコ,1951-07-07,女,若葉区,若葉台4-4,
        """;

    // The drill-down's district: 5 residents, three of them reported before the page opens.
    private const string DrillRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        D6001,DH61,世帯主,白井 弘,シライ ヒロシ,1955-01-15,男,白鷺区,白鷺町1-3,0240-66-0001
        D6002,DH61,妻,白井 久美子,シライ クミコ,1957-09-30,女,白鷺区,白鷺町1-3,
        D6003,DH62,世帯主,今野 勝,コンノ マサル,1944-11-11,男,白鷺区,白鷺町2-8,0240-66-0003
        D6004,DH62,妻,今野 トミ,コンノ トミ,1946-02-20,女,白鷺区,白鷺町2-8,
        D6005,DH63,世帯主,阿部 亮,アベ リョウ,1988-04-04,男,白鷺区,白鷺町5-1,090-6666-0005
        """;

    private const byte Yamagata = 6;
    private const byte Tokyo = 13;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task SupervisorDashboard_ShowsAnotherOperatorsCall_WithoutReload()
    {
        await ImportAsync(Services, LiveRegister);
        var supervisor = await browser.NewPageAsync();
        var problems = RecordCallBrowserTests.WatchForProblems(supervisor);
        await supervisor.SignInAsync("test-supervisor", returnPath: DashboardPath("東雲区"));
        await Assertions.Expect(Figure(supervisor, "residents")).ToHaveTextAsync("6");
        await Assertions.Expect(Figure(supervisor, "confirmed")).ToHaveTextAsync("0");
        await Assertions.Expect(Figure(supervisor, "unconfirmed")).ToHaveTextAsync("6");
        await Assertions.Expect(supervisor.GetByTestId($"tile-{Yamagata}")).ToHaveAttributeAsync("data-count", "0");
        await Assertions.Expect(supervisor.GetByTestId("as-of")).ToHaveTextAsync(AsOf());
        var asOfBefore = await supervisor.GetByTestId("as-of").InnerTextAsync();
        // A full reload would lose this; the live update must not.
        await supervisor.EvaluateAsync("() => { window.dashboardMarker = 'same page'; }");
        await supervisor.SaveScreenshotAsync(nameof(DashboardBrowserTests) + ".before");

        // Another terminal: an operator records that D5001 is safe at a shelter in 山形県.
        var operatorPage = await browser.NewPageAsync();
        await operatorPage.SignInAsync("test-operator", returnPath: "/residents/D5001/call");
        await operatorPage.GetByTestId("caller-name").WaitForAsync();
        await operatorPage.GetByTestId("caller-name").FillAsync("小野寺 隆");
        await operatorPage.GetByTestId("caller-relation").FillAsync("近所の人");
        var member = operatorPage.GetByTestId("member-D5001");
        await RecordCallBrowserTests.SelectAsync(operatorPage, member, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(operatorPage, member, "避難先種別", "避難所");
        var prefecture = member.GetByTestId("prefecture");
        await prefecture.FillAsync("やまがた");
        await Assertions.Expect(operatorPage.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync("山形県");
        await prefecture.PressAsync("Tab");
        await Assertions.Expect(prefecture).ToHaveValueAsync("山形県");
        await member.GetByTestId("place").FillAsync("米沢市営体育館");
        await RecordCallBrowserTests.ChooseWrapUpAsync(operatorPage);
        await operatorPage.GetByTestId("save").ClickAsync();
        await Assertions.Expect(operatorPage).ToHaveURLAsync(new Regex("/residents/D5001$"));
        var saved = Stopwatch.StartNew();

        // The supervisor's page changes by itself within the feed's poll plus a render (Dashboard:RefreshSeconds is 2).
        var soon = new LocatorAssertionsToHaveTextOptions { Timeout = 8_000 };
        await Assertions.Expect(Figure(supervisor, "confirmed")).ToHaveTextAsync("1", soon);
        output.WriteLine($"dashboard showed the call {saved.ElapsedMilliseconds} ms after the save");
        await Assertions.Expect(Figure(supervisor, "unconfirmed")).ToHaveTextAsync("5");
        await Assertions.Expect(Figure(supervisor, "safe")).ToHaveTextAsync("1");
        await Assertions.Expect(Figure(supervisor, "residents")).ToHaveTextAsync("6");
        await Assertions.Expect(supervisor.GetByTestId("figure-confirmed").GetByTestId("note")).ToHaveTextAsync("16.7%");
        await Assertions.Expect(supervisor.GetByTestId($"tile-{Yamagata}")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(supervisor.GetByTestId("segment-東雲区-Safe")).ToHaveAttributeAsync("title", "東雲区 無事 1人");
        await Assertions.Expect(supervisor.GetByTestId("as-of")).Not.ToHaveTextAsync(asOfBefore);
        await Assertions.Expect(supervisor.GetByTestId("as-of")).ToHaveTextAsync(AsOf());
        Assert.Equal("same page", await supervisor.EvaluateAsync<string?>("() => window.dashboardMarker ?? null"));
        // The other district is not counted in this view.
        await Assertions.Expect(supervisor.GetByTestId("district-若葉区")).ToHaveCountAsync(0);

        await supervisor.Mouse.MoveAsync(0, 0);
        await supervisor.SaveScreenshotAsync(nameof(DashboardBrowserTests) + ".after");
        await supervisor.SetViewportSizeAsync(1600, 1000);
        await supervisor.SaveScreenshotAsync(nameof(DashboardBrowserTests) + ".after-1600");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await operatorPage.Context.CloseAsync();
        await supervisor.Context.CloseAsync();
    }

    [Fact]
    public async Task DistrictSegment_And_PrefectureTile_OpenExactlyTheResidentsBehindThem()
    {
        await ImportAsync(Services, DrillRegister);
        await RecordAsync(Services, "D6001", SafetyStatus.Safe, WhereaboutsType.Shelter, Tokyo);
        await RecordAsync(Services, "D6002", SafetyStatus.Safe, WhereaboutsType.RelativeHome, Yamagata);
        await RecordAsync(Services, "D6003", SafetyStatus.Injured, WhereaboutsType.Hospital, Tokyo);
        var page = await browser.NewPageAsync();
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-supervisor", returnPath: DashboardPath("白鷺区"));
        await Assertions.Expect(Figure(page, "residents")).ToHaveTextAsync("5");

        // The 無事 part of 白鷺区's bar: D6001 and D6002.
        var segment = page.GetByTestId("segment-白鷺区-Safe");
        var safe = await segment.ReadNumberAsync();
        Assert.Equal(2, safe);
        await segment.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/list\\?"));
        Assert.Equal(new Dictionary<string, string> { ["status"] = "Safe", ["district"] = "白鷺区" }, Query(page));
        await AssertListedAsync(page, safe, "D6001", "D6002");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(DashboardBrowserTests) + ".list-safe");

        // The 東京都 tile: D6001 (shelter) and D6003 (hospital), whatever their status.
        await page.GotoInteractiveAsync(DashboardPath("白鷺区"));
        var tile = page.GetByTestId($"tile-{Tokyo}");
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-count", "2");
        await tile.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/list\\?"));
        Assert.Equal(new Dictionary<string, string> { ["district"] = "白鷺区", ["pref"] = "13" }, Query(page));
        await AssertListedAsync(page, 2, "D6001", "D6003");

        // The headline 未確認 figure: the two nobody has reported on.
        await page.GotoInteractiveAsync(DashboardPath("白鷺区"));
        var unconfirmed = await Figure(page, "unconfirmed").ReadNumberAsync();
        await page.GetByTestId("figure-unconfirmed").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/list\\?"));
        Assert.Equal(new Dictionary<string, string> { ["district"] = "白鷺区", ["unconfirmed"] = "true" }, Query(page));
        await AssertListedAsync(page, unconfirmed, "D6004", "D6005");

        // A click anywhere on a row (not only on the name link) opens that resident.
        await page.Locator("tr.list-row").Filter(new LocatorFilterOptions { HasText = "D6005" }).Locator("td").Last.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/D6005$"));
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("阿部　亮");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Dashboard_And_ResidentList_AreRefused_When_Operator()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-operator");
        await Assertions.Expect(page.GetByTestId("nav")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("nav").GetByText("状況")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("nav").GetByText("住民一覧")).ToHaveCountAsync(0);

        foreach (var path in new[] { "/dashboard", "/residents/list?district=" + Uri.EscapeDataString("白鷺区") })
        {
            // Typed into the address bar: a new request, refused by the server.
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response?.Status);
            await Assertions.Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("headline")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("resident-list")).ToHaveCountAsync(0);
            await page.SaveScreenshotAsync(nameof(DashboardBrowserTests) + ".operator-" + (path.Contains("list", StringComparison.Ordinal) ? "list" : "dashboard"));

            // Navigated to inside a live page: refused by the router, nothing of the page rendered.
            await page.GotoInteractiveAsync("/");
            await page.EvaluateAsync("path => Blazor.navigateTo(path)", path);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path.Split('?')[0]) + "(\\?|$)"));
            await Assertions.Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("headline")).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("resident-list")).ToHaveCountAsync(0);
        }
        await page.Context.CloseAsync();
    }

    private static async Task AssertListedAsync(IPage page, int expected, params string[] residentNos)
    {
        Assert.Equal(expected, residentNos.Length);
        await Assertions.Expect(page.GetByTestId("list-total")).ToHaveTextAsync($"{expected}人");
        var rows = page.Locator("tr.list-row");
        await Assertions.Expect(rows).ToHaveCountAsync(expected);
        foreach (var no in residentNos)
        {
            await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = no })).ToHaveCountAsync(1);
        }
    }

    [GeneratedRegex(@"^最終更新 \d{2}:\d{2}:\d{2}$")]
    private static partial Regex AsOf();
}
