using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser;

/// <summary>Helpers every browser flow uses.</summary>
public static partial class PageExtensions
{
    /// <summary>
    /// Opens a path and waits until the Blazor circuit is live: prerendered HTML looks ready but does not
    /// react to clicks. The layout's hidden marker turns to true once the page renders interactively.
    /// </summary>
    /// <summary>Signs in through the real sign-in form and waits for the app's page to be live.</summary>
    public static async Task SignInAsync(this IPage page, string userName, string password = CallCenterAppFactory.TestPassword, string returnPath = "/")
    {
        await page.GotoAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString(returnPath));
        await page.GetByTestId("user-name-input").FillAsync(userName);
        await page.GetByTestId("password-input").FillAsync(password);
        await page.GetByTestId("sign-in-button").ClickAsync();
        await page.WaitForInteractiveAsync();
    }

    public static async Task GotoInteractiveAsync(this IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path} answered {response?.Status}");
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Waits until the call form's keys (Ctrl+Enter, Alt+Y and the form's Alt keys) are bound: <c>data-shortcuts="bound"</c>.</summary>
    public static Task WaitForCallFormKeysAsync(this IPage page) =>
        page.Locator("[data-shortcuts=bound]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Waits for the layout's <c>data-interactive="true"</c> marker (it is hidden, so wait for attached).</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves a full-page screenshot as TestResults/screenshots/NAME.png and returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(this IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>The whole number at the start of an element's text, e.g. 11500 from "11,500 人".</summary>
    public static async Task<int> ReadNumberAsync(this ILocator locator)
    {
        var text = (await locator.InnerTextAsync()).Trim();
        var match = LeadingNumber().Match(text);
        Assert.True(match.Success, $"No number at the start of '{text}'");
        return int.Parse(match.Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^\d[\d,]*")]
    private static partial Regex LeadingNumber();
}
