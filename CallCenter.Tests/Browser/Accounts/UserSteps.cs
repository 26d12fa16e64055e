using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Accounts;

/// <summary>Steps on the users page (ユーザー管理) that several browser flows share.</summary>
internal static class UserSteps
{
    public const string NewPassword = "shiomi-bousai-7";

    public static async Task CreateUserAsync(IPage page, string userName, string displayName, string role, string site)
    {
        await page.GetByTestId("create-user-open").ClickAsync();
        await page.GetByTestId("new-user-name").FillAsync(userName);
        await page.GetByTestId("new-display-name").FillAsync(displayName);
        await ChooseAsync(page, "new-role", role);
        await ChooseAsync(page, "new-site", site);
        await page.GetByTestId("new-password").FillAsync(NewPassword);
        await page.GetByTestId("new-password-confirm").FillAsync(NewPassword);
        // Enter submits the form: no mouse needed.
        await page.GetByTestId("new-password-confirm").PressAsync("Enter");
        await Expect(page.GetByTestId("users-message")).ToContainTextAsync($"{displayName}（{userName}）」を登録しました");
    }

    public static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = option }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
