using CallCenter.Data.Accounts;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Security;

/// <summary>Sign-in, what each role is offered, sign-out and the Back button, in Chromium under the app's CSP.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("test-operator", UserRole.Operator)]
    [InlineData("test-supervisor", UserRole.Supervisor)]
    [InlineData("test-admin", UserRole.Admin)]
    public async Task Role_SeesItsNavigation_And_AfterSignOut_BackShowsNoData(string userName, UserRole role)
    {
        var page = await browser.NewPageAsync();
        var watch = await BrowserWatch.StartAsync(page);

        await page.SignInAsync(userName);
        await page.GetByTestId("count-residents").WaitForAsync();
        var links = await page.GetByTestId("nav").Locator("a").AllInnerTextsAsync();
        var nav = await page.GetByTestId("nav").InnerTextAsync();
        var screenshot = await page.SaveScreenshotAsync($"{nameof(SignInBrowserTests)}.home-{role}");

        string[] expected = role switch
        {
            UserRole.Admin => ["住民検索", "発信リスト", "登録のない方の通話", "名簿照合", "要望・相談", "返戻（宛所不明）", "状況", "住民一覧", "仮登録一覧", "発信の状況", "承認待ち", "通話一覧", "照会記録", "要望の集計", "お知らせ", "帰還意向の集計", "回答ラウンド", "意向調査の取込", "送付先の取込", "CSV出力", "安否名簿取込", "要件の一覧", "応対スクリプト・FAQ", "ユーザー", "APIキー", "監査記録", "住民名簿取込", "町", "要望の分類・担当課"],
            UserRole.Supervisor => ["住民検索", "発信リスト", "登録のない方の通話", "名簿照合", "要望・相談", "返戻（宛所不明）", "状況", "住民一覧", "仮登録一覧", "発信の状況", "承認待ち", "通話一覧", "照会記録", "要望の集計", "お知らせ", "帰還意向の集計", "回答ラウンド", "意向調査の取込", "送付先の取込", "CSV出力", "安否名簿取込", "要件の一覧", "応対スクリプト・FAQ"],
            _ => ["住民検索", "発信リスト", "登録のない方の通話", "名簿照合", "要望・相談", "返戻（宛所不明）"],
        };
        // 承認待ち, 名簿照合 and 要望・相談 carry counts when something waits (other tests' data): compare the labels alone.
        Assert.Equal(expected, links.Select(l => System.Text.RegularExpressions.Regex.Replace(l.Trim(), @"(\s*\d+|（[0-9]+）)$", "").Trim()));
        Assert.Equal(role == UserRole.Admin, nav.Contains("管理", StringComparison.Ordinal));
        Assert.Contains(role.Label(), await page.GetByTestId("user-name").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserWatch.AssertNothingStoredAsync(page);

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in?signedOut=1");
        await page.GoBackAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
        Assert.Equal(0, await page.GetByTestId("count-residents").CountAsync());
        Assert.Equal(0, await page.GetByTestId("nav").CountAsync());
        await BrowserWatch.AssertNothingStoredAsync(page);
        var problems = await watch.ProblemsAsync(page);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems) + $"{Environment.NewLine}(screenshot: {screenshot})");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_ShowsAJapaneseError_When_PasswordIsWrong()
    {
        var page = await browser.NewPageAsync();
        var watch = await BrowserWatch.StartAsync(page);
        await page.GotoAsync("/");
        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);

        await page.GetByTestId("user-name-input").FillAsync("test-operator");
        await page.GetByTestId("password-input").FillAsync("not-the-password");
        await page.GetByTestId("sign-in-button").ClickAsync();
        var message = await page.GetByTestId("sign-in-error").InnerTextAsync();
        await page.SaveScreenshotAsync($"{nameof(SignInBrowserTests)}.sign-in-error");

        Assert.Equal("ユーザー名またはパスワードが違います。", message.Trim());
        Assert.Equal("", await page.GetByTestId("password-input").InputValueAsync());
        var problems = await watch.ProblemsAsync(page);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
    }
}
