using System.Text.RegularExpressions;
using CallCenter.Data.Accounts;
using CallCenter.Data.Towns;
using CallCenter.Tests.Browser.Layout;
using CallCenter.Tests.Web.Security;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Towns;

/// <summary>
/// The demo joint center (<c>Demo:Towns=3</c>: 汐見町 079995, 浜風町 079910, 朝凪村 079928, each numbered from 0000001) in an
/// app of its own (three towns would change what the shared app's other tests see).
/// </summary>
public sealed class JointDemoApp : IAsyncLifetime
{
    public CallCenterAppFactory App { get; } = new(new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Demo:Towns"] = "3",
        ["Town:Code"] = "079995",
        ["Town:Name"] = "汐見町",
    });

    /// <summary>A family name borne in 汐見町 and in at least one other town (the rarest such, so its results fit a screen).</summary>
    public string SharedFamilyName { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App.Start();
        SharedFamilyName = (await App.QueryAsync<string>("""
            SELECT FamilyName
              FROM Residents
             WHERE IsProvisional = 0
             GROUP BY FamilyName
            HAVING COUNT(DISTINCT TownId) >= 2
               AND SUM(CASE WHEN TownId = 1 THEN 1 ELSE 0 END) > 0
               AND COUNT(*) >= 3
             ORDER BY COUNT(*), FamilyName
             LIMIT 1
            """)).Single();
        var users = App.Services.GetRequiredService<UserRepository>();
        foreach (var (userName, role) in new[] { ("shiomi-operator", UserRole.Operator), ("shiomi-supervisor", UserRole.Supervisor) })
        {
            var id = await users.CreateAsync(userName, $"汐見 {role.Label()}", role, "いわき", SignInService.HashPassword(CallCenterAppFactory.TestPassword));
            await App.Services.GetRequiredService<TownRepository>().SetUserScopeAsync(id!.Value, TownScope.Only([1]));
        }
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Issue 19 in Chromium at 1366×768 on the demo joint center: an all-towns supervisor compares the towns on the dashboard
/// (町別の比較), narrows it to one town (town= in the address), finds people of the same family name in two towns (each
/// result names its 町) and opens resident 0000001, which each town has: the page asks which town's. An operator of
/// 汐見町 only finds 汐見町's people and opens 汐見町's 0000001 directly; 浜風町's is not found.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JointCenterBrowserTests(BrowserFixture browser, JointDemoApp joint) : IClassFixture<JointDemoApp>
{
    private static readonly string[] TownNames = ["汐見町", "浜風町", "朝凪村"];

    private async Task<IPage> SignedInAsync(string userName, string returnPath)
    {
        var page = await browser.NewPageAsync(joint.App.BaseAddress);
        await page.SetViewportSizeAsync(DemoTown.ThinClient.Width, DemoTown.ThinClient.Height);
        await page.SignInAsync(userName, returnPath: returnPath);
        return page;
    }

    [Fact]
    public async Task AllTownsSupervisor_ComparesTowns_SearchesAcrossThem_And_ChoosesTheTownOfACollidingNumber()
    {
        var page = await SignedInAsync("test-supervisor", "/dashboard");

        var comparison = page.GetByTestId("town-comparison");
        await Expect(comparison).ToBeVisibleAsync();
        foreach (var code in new[] { "079995", "079910", "079928" })
        {
            await Expect(page.GetByTestId("town-row-" + code)).ToBeVisibleAsync();
        }
        // The joint center's title (no one town's name over all three), and the call figures said to be the center's.
        await Expect(page.Locator(".app-title")).ToHaveTextAsync("合同 安否情報コールセンター（3町村）");
        await Expect(page.GetByTestId("figure-calls-today").GetByTestId("note")).ToHaveTextAsync("センター全体");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".dashboard-all-towns", fullPage: false);
        await comparison.ScrollIntoViewIfNeededAsync();
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".dashboard-town-comparison", fullPage: false);

        // One town: the address carries it, the figures are that town's.
        await page.GetByTestId("filter-town").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "浜風町" }).First.ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard\\?(.*&)?town=079910"));
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".dashboard-one-town", fullPage: false);

        // A family name of two towns: each result says which town.
        await page.GotoInteractiveAsync("/");
        await page.GetByTestId("search-input").FillAsync(joint.SharedFamilyName);
        var results = page.GetByTestId("search-result");
        await Expect(results.First).ToBeVisibleAsync();
        var towns = (await page.GetByTestId("result-town").AllInnerTextsAsync()).Select(t => t.Trim()).Distinct().ToList();
        Assert.True(towns.Count >= 2, $"「{joint.SharedFamilyName}」 found in {string.Join("、", towns)} only");
        Assert.All(towns, t => Assert.Contains(t, TownNames));
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".search-two-towns", fullPage: false);

        // 0000001 is in every town: the page asks which one, then shows that town's person.
        await page.GotoInteractiveAsync("/residents/0000001");
        await Expect(page.GetByTestId("resident-town-choice")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("resident-town-option")).ToHaveCountAsync(3);
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".resident-town-choice", fullPage: false);
        await page.Locator("[data-testid=resident-town-option][data-town='079910']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/residents/0000001\\?town=079910$"));
        await Expect(page.GetByTestId("resident-town")).ToHaveTextAsync("浜風町");
        await Expect(page.GetByTestId("resident-name")).ToBeVisibleAsync();
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".resident-second-town", fullPage: false);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OneTownOperator_FindsOnlyItsTown_And_OpensItsOwnCollidingNumber()
    {
        var page = await SignedInAsync("shiomi-operator", "/");

        await page.GetByTestId("search-input").FillAsync(joint.SharedFamilyName);
        await Expect(page.GetByTestId("search-result").First).ToBeVisibleAsync();
        var towns = (await page.GetByTestId("result-town").AllInnerTextsAsync()).Select(t => t.Trim()).Distinct().ToList();
        Assert.Equal(["汐見町"], towns);
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".one-town-search", fullPage: false);

        // 汐見町's 0000001 at once, no choice; 浜風町's is not found (as an unknown number).
        await page.GotoInteractiveAsync("/residents/0000001");
        await Expect(page.GetByTestId("resident-name")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("resident-town-choice")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("resident-town")).ToHaveTextAsync("汐見町");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".one-town-resident", fullPage: false);
        // Another town's person: HTTP 404 (the plain GET), and the live page says not found.
        var response = await page.GotoAsync("/residents/0000001?town=079910");
        Assert.Equal(404, response?.Status);
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("resident-not-found")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("resident-name")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OneTownSupervisor_Dashboard_CountsOnlyItsTown_WithoutATownChoice()
    {
        var expected = (await joint.App.QueryAsync<long>("SELECT COUNT(*) FROM Residents WHERE TownId = 1 AND IsProvisional = 0")).Single();
        var page = await SignedInAsync("shiomi-supervisor", "/dashboard");

        await Expect(page.GetByTestId("figure-residents").GetByTestId("value"))
            .ToHaveTextAsync(expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("filter-town")).ToHaveCountAsync(0);
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCenterBrowserTests) + ".one-town-dashboard", fullPage: false);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OneTownOperator_StartPage_CountsOnlyItsTown()
    {
        var expected = (await joint.App.QueryAsync<long>("SELECT COUNT(*) FROM Residents WHERE TownId = 1 AND IsProvisional = 0 AND MergedIntoResidentId IS NULL")).Single();
        var page = await SignedInAsync("shiomi-operator", "/");

        await Expect(page.GetByTestId("count-residents")).ToHaveTextAsync(expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await page.Context.CloseAsync();
    }
}
