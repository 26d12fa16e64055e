using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Announcements;
using CallCenter.Data.Towns;
using CallCenter.Tests.Web.Towns;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Announcements;

/// <summary>
/// Issue 19 in Chromium, in an app of its own with two towns whose numbers and districts (一区, 二区) collide: an
/// all-towns supervisor publishes an announcement for 大熊町's 一区 (町 first, then the district) and its coverage counts
/// 大熊町's household only; a 大熊町 supervisor sees it but not one for 汐見町, and its new announcement starts limited to
/// 大熊町, while one for every town is listed without 編集. Screenshots at 1366×768: the editor with 町 and 行政区, the
/// list, the one-town supervisor's list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AnnouncementTownsBrowserTests(BrowserFixture browser)
{
    private const string OkumaSupervisor = "okuma-sv";

    [Fact]
    public async Task Supervisor_PublishesForOneTownsDistrict_And_AOneTownSupervisorSeesOnlyItsTown()
    {
        var towns = new TwoTownsApp();
        try
        {
            await towns.InitializeAsync();
            var services = towns.App.Services;
            var id = (await services.GetRequiredService<UserRepository>().CreateAsync(OkumaSupervisor, "大熊 監督", UserRole.Supervisor, "いわき",
                SignInService.HashPassword(CallCenterAppFactory.TestPassword)))!.Value;
            await services.GetRequiredService<TownRepository>().SetUserScopeAsync(id, TownScope.Only([towns.Okuma.TownId]));
            var board = services.GetRequiredService<AnnouncementBoard>();
            var (shiomiOnly, _, errors) = await board.SaveAsync(null, 0, new AnnouncementDraft("汐見町だけのお知らせ", "汐見町の皆さんへ。",
                board.Today, null, AnnouncementPriority.Normal, false, false, [new AnnouncementTarget(TargetKind.Town, "079995")]),
                OperatorContext.System, TownScope.All);
            Assert.Empty(errors);
            Assert.Empty((await board.SaveAsync(null, 0, new AnnouncementDraft("全町のお知らせ", "合同センターからのお知らせです。", board.Today, null,
                AnnouncementPriority.Normal, false, false, []), OperatorContext.System, TownScope.All)).Errors);

            var page = await browser.NewPageAsync(towns.App.BaseAddress);
            await page.SetViewportSizeAsync(1366, 768);
            await page.SignInAsync("test-supervisor", returnPath: "/announcements");
            await page.GotoInteractiveAsync("/announcements");
            await page.GetByTestId("announcement-new").ClickAsync();
            await page.GetByTestId("announcement-title").FillAsync("大熊町 一区 給水のお知らせ");
            await page.Locator("textarea[data-testid=announcement-text]").FillAsync("一区の給水車は毎朝9時に集会所前に来ます。");
            await page.GetByTestId("target-towns").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "大熊町" }).ClickAsync();
            await page.Keyboard.PressAsync("Escape");
            await page.GetByTestId("target-districts").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "一区" }).ClickAsync();
            await page.Keyboard.PressAsync("Escape");
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(AnnouncementTownsBrowserTests) + ".form-1366x768", fullPage: false);
            await page.GetByTestId("announcement-save").ClickAsync();

            await Expect(page.GetByTestId("announcements-message")).ToContainTextAsync("お知らせ「大熊町 一区 給水のお知らせ」を掲示しました。");
            var row = page.GetByTestId("current-announcements").GetByTestId("announcement-row").Filter(new() { HasText = "給水" });
            await Expect(row).ToContainTextAsync("町 大熊町／行政区 一区");
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(AnnouncementTownsBrowserTests) + ".list-1366x768", fullPage: false);
            await row.GetByTestId("announcement-link").ClickAsync();
            // 汐見町's H0001 is in a district named 一区 too: only 大熊町's is targeted.
            await Expect(page.GetByTestId("coverage-targeted")).ToContainTextAsync("1");
            await Expect(page.GetByTestId("coverage-audience")).ToContainTextAsync("町 大熊町／行政区 一区");
            await page.Context.CloseAsync();

            var limited = await browser.NewPageAsync(towns.App.BaseAddress);
            await limited.SetViewportSizeAsync(1366, 768);
            await limited.SignInAsync(OkumaSupervisor, returnPath: "/announcements");
            await limited.GotoInteractiveAsync("/announcements");
            await Expect(limited.GetByTestId("announcement-row").Filter(new() { HasText = "給水" })).ToHaveCountAsync(1);
            await Expect(limited.GetByTestId("announcement-row").Filter(new() { HasText = "汐見町だけ" })).ToHaveCountAsync(0);
            // 大熊町's district's: its own to change. Every town's: shown, but only the joint center changes it.
            await Expect(limited.GetByTestId("announcement-row").Filter(new() { HasText = "給水" }).GetByTestId("announcement-edit")).ToHaveCountAsync(1);
            await Expect(limited.GetByTestId("announcement-row").Filter(new() { HasText = "全町のお知らせ" })).ToHaveCountAsync(1);
            await Expect(limited.GetByTestId("announcement-row").Filter(new() { HasText = "全町のお知らせ" }).GetByTestId("announcement-edit")).ToHaveCountAsync(0);
            // Another town's announcement: HTTP 404 on the plain GET (AnnouncementExists), and the live page says not found.
            var outside = await limited.GotoAsync($"/announcements/{shiomiOnly}");
            Assert.Equal(404, outside?.Status);
            await limited.WaitForInteractiveAsync();
            await Expect(limited.GetByTestId("not-found")).ToBeVisibleAsync();
            await limited.Mouse.MoveAsync(0, 0);
            await limited.SaveScreenshotAsync(nameof(AnnouncementTownsBrowserTests) + ".other-town-coverage-404-1366x768", fullPage: false);

            await limited.GotoInteractiveAsync("/announcements");
            await limited.GetByTestId("announcement-new").ClickAsync();
            await Expect(limited.GetByTestId("target-towns")).ToHaveValueAsync("大熊町");
            await limited.GetByTestId("announcement-title").FillAsync("大熊町 役場窓口のお知らせ");
            await limited.Locator("textarea[data-testid=announcement-text]").FillAsync("窓口は平日9時から17時までです。");
            await limited.GetByTestId("announcement-save").ClickAsync();
            await Expect(limited.GetByTestId("announcements-message")).ToContainTextAsync("お知らせ「大熊町 役場窓口のお知らせ」を掲示しました。");
            await Expect(limited.GetByTestId("current-announcements").GetByTestId("announcement-row").Filter(new() { HasText = "役場窓口" }))
                .ToContainTextAsync("町 大熊町");
            await Expect(limited.GetByTestId("announcement-row").Filter(new() { HasText = "役場窓口" }).GetByTestId("announcement-edit")).ToHaveCountAsync(1);
            await limited.Mouse.MoveAsync(0, 0);
            await limited.SaveScreenshotAsync(nameof(AnnouncementTownsBrowserTests) + ".one-town-list-1366x768", fullPage: false);
            await limited.Context.CloseAsync();
        }
        finally
        {
            await towns.DisposeAsync();
        }
    }
}
