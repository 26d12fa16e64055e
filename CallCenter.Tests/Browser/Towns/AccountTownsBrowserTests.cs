using CallCenter.Tests.Web.Towns;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Towns;

/// <summary>
/// Issue 19 in Chromium, in an app of its own with two towns (汐見町, 大熊町): an all-towns admin creates an account of
/// 大熊町 on ユーザー管理 and then widens it to both towns; the returned-mail page asks an all-towns clerk for the
/// household's town and not a one-town one. Screenshots at 1366×768: the users page with its 町 column, the returned-mail page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountTownsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAdmin_GivesAnAccountItsTowns_And_TheReturnedMailPageAsksForTheTown()
    {
        var towns = new TwoTownsApp();
        try
        {
            await towns.InitializeAsync();
            var page = await browser.NewPageAsync(towns.App.BaseAddress);
            await page.SetViewportSizeAsync(1366, 768);
            await page.SignInAsync("test-admin", returnPath: "/admin/users");
            await page.GotoInteractiveAsync("/admin/users");
            await Expect(page.GetByTestId("towns-okuma-op")).ToHaveTextAsync("大熊町");
            await Expect(page.GetByTestId("towns-test-admin")).ToHaveTextAsync("すべての町");

            await page.GetByTestId("create-user-open").ClickAsync();
            await page.GetByTestId("new-user-name").FillAsync("okuma3");
            await page.GetByTestId("new-display-name").FillAsync("大熊 三郎");
            await page.GetByTestId("new-password").FillAsync("okuma-bousai-2026");
            await page.GetByTestId("new-password-confirm").FillAsync("okuma-bousai-2026");
            await page.GetByTestId("new-towns-075451").CheckAsync();
            await page.GetByTestId("create-user-submit").ClickAsync();
            // Created with its towns in one step.
            await Expect(page.GetByTestId("users-message")).ToContainTextAsync("ユーザー「大熊 三郎（okuma3）」を登録しました。見られる町は「大熊町（075451）」です。");
            await Expect(page.GetByTestId("towns-okuma3")).ToHaveTextAsync("大熊町");

            await page.GetByTestId("change-towns-okuma3").ClickAsync();
            await page.GetByTestId("edit-towns-079995").CheckAsync();
            await page.GetByTestId("edit-towns-submit").ClickAsync();
            await Expect(page.GetByTestId("towns-okuma3")).ToHaveTextAsync("汐見町・大熊町");
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(AccountTownsBrowserTests) + ".users-towns-1366x768", fullPage: false);
            // The table fits the thin client's window with its 町 column: nothing cut off at the right (操作 included).
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the users page scrolls sideways");
            var reset = await page.GetByTestId("reset-okuma3").BoundingBoxAsync();
            Assert.True(reset is not null && reset.X + reset.Width <= 1366, $"パスワード再設定 ends at {reset?.X + reset?.Width}");
            var table = await page.GetByTestId("users-table").Locator(".mud-table-container").EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth");
            Assert.True(table, "the users table scrolls sideways");

            await page.GotoInteractiveAsync("/mailing/returned");
            await Expect(page.GetByTestId("returned-town")).ToBeVisibleAsync();
            await page.GetByTestId("returned-numbers").FillAsync("H0001");
            await page.GetByTestId("returned-record").ClickAsync();
            await Expect(page.GetByTestId("returned-message")).ToHaveTextAsync("世帯の町を選んでください（世帯番号は町ごとの番号です）。");
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(AccountTownsBrowserTests) + ".returned-mail-1366x768", fullPage: false);
            await page.Context.CloseAsync();

            // An admin of 大熊町 sees only the accounts of 大熊町 alone: not the all-towns ones, nor okuma3 (now also 汐見町's).
            var okumaAdmin = await browser.NewPageAsync(towns.App.BaseAddress);
            await okumaAdmin.SetViewportSizeAsync(1366, 768);
            await okumaAdmin.SignInAsync(TwoTownsApp.OkumaAdmin, returnPath: "/admin/users");
            await okumaAdmin.GotoInteractiveAsync("/admin/users");
            await Expect(okumaAdmin.GetByTestId("towns-okuma-op")).ToHaveTextAsync("大熊町");
            await Expect(okumaAdmin.GetByTestId("towns-okuma-admin")).ToHaveTextAsync("大熊町");
            await Expect(okumaAdmin.GetByTestId("towns-test-admin")).ToHaveCountAsync(0);
            await Expect(okumaAdmin.GetByTestId("towns-okuma3")).ToHaveCountAsync(0);
            await okumaAdmin.Mouse.MoveAsync(0, 0);
            await okumaAdmin.SaveScreenshotAsync(nameof(AccountTownsBrowserTests) + ".users-one-town-admin-1366x768", fullPage: false);
            await okumaAdmin.Context.CloseAsync();

            var limited = await browser.NewPageAsync(towns.App.BaseAddress);
            await limited.SignInAsync(TwoTownsApp.OkumaOperator, returnPath: "/mailing/returned");
            await limited.GotoInteractiveAsync("/mailing/returned");
            await Expect(limited.GetByTestId("returned-record")).ToBeVisibleAsync();
            await Expect(limited.GetByTestId("returned-town")).ToHaveCountAsync(0);
            await limited.Context.CloseAsync();
        }
        finally
        {
            await towns.DisposeAsync();
        }
    }
}
