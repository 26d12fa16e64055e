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
            await Expect(page.GetByTestId("users-message")).ToContainTextAsync("「大熊 三郎（okuma3）」の町を「大熊町（075451）」にしました。");
            await Expect(page.GetByTestId("towns-okuma3")).ToHaveTextAsync("大熊町");

            await page.GetByTestId("change-towns-okuma3").ClickAsync();
            await page.GetByTestId("edit-towns-079995").CheckAsync();
            await page.GetByTestId("edit-towns-submit").ClickAsync();
            await Expect(page.GetByTestId("towns-okuma3")).ToHaveTextAsync("汐見町・大熊町");
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(AccountTownsBrowserTests) + ".users-towns-1366x768", fullPage: false);

            await page.GotoInteractiveAsync("/mailing/returned");
            await Expect(page.GetByTestId("returned-town")).ToBeVisibleAsync();
            await page.GetByTestId("returned-numbers").FillAsync("H0001");
            await page.GetByTestId("returned-record").ClickAsync();
            await Expect(page.GetByTestId("returned-message")).ToHaveTextAsync("世帯の町を選んでください（世帯番号は町ごとの番号です）。");
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(AccountTownsBrowserTests) + ".returned-mail-1366x768", fullPage: false);
            await page.Context.CloseAsync();

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
