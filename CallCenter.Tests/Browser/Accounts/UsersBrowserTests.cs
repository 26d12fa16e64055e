using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Tests.Browser.Security;
using CallCenter.Tests.Web.Security;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Accounts;

/// <summary>An account locked by wrong passwords, unlocked by an admin on the users page (ユーザー管理), in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UsersBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_UnlocksALockedAccount_And_TheUserCanSignInAgain()
    {
        var userName = $"lock-{Guid.NewGuid():N}"[..16];
        await browser.App.Services.GetRequiredService<UserRepository>()
            .CreateAsync(userName, "試験 ロック", UserRole.Operator, "いわき", SignInService.HashPassword(CallCenterAppFactory.TestPassword));
        var user = await browser.NewPageAsync();
        for (var i = 0; i < 5; i++)
        {
            await user.GotoAsync("/account/sign-in");
            await user.GetByTestId("user-name-input").FillAsync(userName);
            await user.GetByTestId("password-input").FillAsync($"wrong-password-{i}");
            await user.GetByTestId("sign-in-button").ClickAsync();
            await user.GetByTestId("sign-in-error").WaitForAsync();
        }
        Assert.Contains("ロックしました", await user.GetByTestId("sign-in-error").InnerTextAsync(), StringComparison.Ordinal);

        var admin = await browser.NewPageAsync();
        await admin.SetViewportSizeAsync(1366, 768);
        var watch = await BrowserWatch.StartAsync(admin);
        await admin.SignInAsync("test-admin");
        await admin.GotoInteractiveAsync("/admin/users");
        var status = admin.GetByTestId($"status-{userName}");
        await Assertions.Expect(status).ToHaveTextAsync("ロック中");
        await admin.GetByTestId($"unlock-{userName}").ScrollIntoViewIfNeededAsync();
        await admin.SaveScreenshotAsync($"{nameof(UsersBrowserTests)}.locked-1366x768", fullPage: false);
        await admin.GetByTestId($"unlock-{userName}").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("有効");
        await Assertions.Expect(admin.GetByTestId("users-message")).ToContainTextAsync("ロックを解除しました");
        await Assertions.Expect(status).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("success"));
        await admin.WaitForTimeoutAsync(500); // the chip's colour fades in; the screenshot is for people to look at
        var screenshot = await admin.SaveScreenshotAsync($"{nameof(UsersBrowserTests)}.unlocked-1366x768", fullPage: false);

        Assert.Equal(0, await admin.GetByTestId($"unlock-{userName}").CountAsync());
        var audit = Assert.Single(await browser.App.AuditAsync("test-admin", AuditActions.UnlockUser), r => r.TargetId == userName);
        Assert.Equal("接続元 1件のロックを解除", audit.Details);
        await user.SignInAsync(userName);
        Assert.Equal("/", new Uri(user.Url).AbsolutePath);
        var problems = await watch.ProblemsAsync(admin);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems) + $"{Environment.NewLine}(screenshot: {screenshot})");
        await admin.Context.CloseAsync();
        await user.Context.CloseAsync();
    }

    [Fact]
    public async Task CreatedUser_CanSignIn_InANewBrowser()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-admin", returnPath: "/admin/users");

        await UserSteps.CreateUserAsync(page, "m.watanabe", "渡邊 美咲", "スーパーバイザー", "いわき");
        await Expect(page.GetByTestId("status-m.watanabe")).ToHaveTextAsync("有効");
        await page.SaveScreenshotAsync(nameof(UsersBrowserTests) + "." + nameof(CreatedUser_CanSignIn_InANewBrowser) + ".users");

        var other = await browser.NewPageAsync();
        await other.SignInAsync("m.watanabe", UserSteps.NewPassword);
        await Expect(other.GetByTestId("user-name")).ToContainTextAsync("渡邊 美咲");
        await Expect(other.GetByTestId("user-name")).ToContainTextAsync("いわき");
        await other.SaveScreenshotAsync(nameof(UsersBrowserTests) + "." + nameof(CreatedUser_CanSignIn_InANewBrowser) + ".signed-in");
        await other.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
