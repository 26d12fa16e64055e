using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Towns;
using CallCenter.Tests.Browser.Layout;
using CallCenter.Tests.Data.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Towns;

/// <summary>
/// Issue 19 in Chromium at 1366×768 on the demo joint center (JointDemoApp: 汐見町, 浜風町, 朝凪村, each numbered from
/// 0000001, with the demo's calls): 通話一覧 (/calls) and 承認待ち (/approvals) name each row's 町 for an all-towns
/// supervisor, and show a 汐見町 supervisor only 汐見町's. Two reports about 0000003 — the same number in 汐見町 and 浜風町 —
/// wait for approval.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JointCallsBrowserTests(BrowserFixture browser, JointDemoApp joint) : IClassFixture<JointDemoApp>
{
    private async Task<IPage> SignedInAsync(string userName, string returnPath)
    {
        var page = await browser.NewPageAsync(joint.App.BaseAddress);
        await page.SetViewportSizeAsync(DemoTown.ThinClient.Width, DemoTown.ThinClient.Height);
        await page.SignInAsync(userName, returnPath: returnPath);
        return page;
    }

    private static async Task AssertFitsAsync(IPage page, string what) =>
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{what} scrolls sideways at 1366×768");

    private async Task<(Town Shiomi, Town Hamakaze)> PendingReportsAsync()
    {
        var towns = joint.App.Services.GetRequiredService<TownRepository>();
        var (shiomi, hamakaze) = ((await towns.FindByCodeAsync("079995"))!, (await towns.FindByCodeAsync("079910"))!);
        var connections = joint.App.Services.GetRequiredService<ConnectionFactory>();
        var staff = (await joint.App.Services.GetRequiredService<UserRepository>().FindByNameAsync("test-operator"))!;
        var by = new OperatorContext(staff.UserId, staff.UserName, "いわき");
        await TwoTownData.RecordAsync(connections, TimeProvider.System, by, "0000003", shiomi.TownId, SafetyStatus.Missing);
        await TwoTownData.RecordAsync(connections, TimeProvider.System, by, "0000003", hamakaze.TownId, SafetyStatus.Deceased);
        return (shiomi, hamakaze);
    }

    [Fact]
    public async Task CallsAndApprovals_NameEachRowsTown_And_AOneTownSupervisorSeesOnlyItsOwn()
    {
        await PendingReportsAsync();

        // All towns: the calls of several towns, each row naming its 町.
        var page = await SignedInAsync("test-supervisor", "/calls");
        await page.GotoInteractiveAsync("/calls");
        await Expect(page.GetByTestId("call-log-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("call-log").Locator("th").Filter(new LocatorFilterOptions { HasText = "町" })).ToHaveCountAsync(1);
        var towns = (await page.GetByTestId("call-log-town").AllInnerTextsAsync()).Select(t => t.Trim()).Distinct().ToList();
        Assert.True(towns.Count(t => t is "汐見町" or "浜風町" or "朝凪村") >= 2, $"towns on /calls: {string.Join("、", towns)}");
        await AssertFitsAsync(page, "/calls");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCallsBrowserTests) + ".calls-all-towns", fullPage: false);

        await page.GotoInteractiveAsync("/approvals");
        var pending = page.Locator("[data-testid=pending-report][data-resident-no='0000003']");
        await Expect(pending).ToHaveCountAsync(2);
        Assert.Equal(["汐見町", "浜風町"], (await pending.GetByTestId("pending-town").AllInnerTextsAsync()).Select(t => t.Trim(' ', '・')).Order().ToList());
        await AssertFitsAsync(page, "/approvals");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(JointCallsBrowserTests) + ".approvals-all-towns", fullPage: false);
        await page.Context.CloseAsync();

        // 汐見町 only: its calls and its one report.
        var shiomi = await SignedInAsync("shiomi-supervisor", "/calls");
        await shiomi.GotoInteractiveAsync("/calls");
        await Expect(shiomi.GetByTestId("call-log-row").First).ToBeVisibleAsync();
        Assert.All(await shiomi.GetByTestId("call-log-town").AllInnerTextsAsync(), t => Assert.Equal("汐見町", t.Trim()));
        await shiomi.Mouse.MoveAsync(0, 0);
        await shiomi.SaveScreenshotAsync(nameof(JointCallsBrowserTests) + ".calls-one-town", fullPage: false);

        await shiomi.GotoInteractiveAsync("/approvals");
        await Expect(shiomi.Locator("[data-testid=pending-report][data-resident-no='0000003']")).ToHaveCountAsync(1);
        Assert.All(await shiomi.GetByTestId("pending-town").AllInnerTextsAsync(), t => Assert.Equal("汐見町", t.Trim(' ', '・')));
        await shiomi.Mouse.MoveAsync(0, 0);
        await shiomi.SaveScreenshotAsync(nameof(JointCallsBrowserTests) + ".approvals-one-town", fullPage: false);
        await shiomi.Context.CloseAsync();
    }
}
