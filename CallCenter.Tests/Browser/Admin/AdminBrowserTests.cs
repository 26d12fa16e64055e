using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Admin;

[Collection(BrowserCollection.Name)]
public sealed class AdminBrowserTests(BrowserFixture browser)
{
    private const string NewPassword = "shiomi-bousai-7";

    [Fact]
    public async Task CreatedUser_CanSignIn_InANewBrowser()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-admin", returnPath: "/admin/users");

        await CreateUserAsync(page, "m.watanabe", "渡邊 美咲", "スーパーバイザー", "いわき");
        await Expect(page.GetByTestId("status-m.watanabe")).ToHaveTextAsync("有効");
        await page.SaveScreenshotAsync(nameof(AdminBrowserTests) + "." + nameof(CreatedUser_CanSignIn_InANewBrowser) + ".users");

        var other = await browser.NewPageAsync();
        await other.SignInAsync("m.watanabe", NewPassword);
        await Expect(other.GetByTestId("user-name")).ToContainTextAsync("渡邊 美咲");
        await Expect(other.GetByTestId("user-name")).ToContainTextAsync("いわき");
        await other.SaveScreenshotAsync(nameof(AdminBrowserTests) + "." + nameof(CreatedUser_CanSignIn_InANewBrowser) + ".signed-in");
        await other.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CreatedApiKey_Authenticates_TheApi()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-admin", returnPath: "/admin/api-keys");

        await page.GetByTestId("api-key-name").FillAsync("いわき庁舎 電話交換機");
        await ChooseAsync(page, "api-key-scope", "出力（export）");
        await page.GetByTestId("api-key-create").ClickAsync();
        var secret = (await page.GetByTestId("api-key-secret").InnerTextAsync()).Trim();
        await page.SaveScreenshotAsync(nameof(AdminBrowserTests) + "." + nameof(CreatedApiKey_Authenticates_TheApi));

        using var http = new HttpClient { BaseAddress = browser.App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Add("X-Api-Key", secret);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"/api/me answered {(int)response.StatusCode}");
        var me = await response.Content.ReadFromJsonAsync<Me>();
        Assert.Equal(new Me("いわき庁舎 電話交換機", "export"), me);

        await page.GetByTestId("api-key-dismiss").ClickAsync();
        await Expect(page.GetByTestId("api-key-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AuditPage_ShowsSignIn_And_UserCreation_And_ExportsThem()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-admin", returnPath: "/admin/users");
        await CreateUserAsync(page, "k.sato", "佐藤 健一", "オペレーター", "会津若松");

        await page.GotoInteractiveAsync("/admin/audit");
        var table = page.GetByTestId("audit-table");
        await Expect(table).ToContainTextAsync("サインイン");
        await Expect(table).ToContainTextAsync("user: k.sato");

        await page.GetByTestId("audit-user").FillAsync("test-admin");
        await page.GetByTestId("audit-action").FillAsync("create-user");
        await page.GetByTestId("audit-action").PressAsync("Escape");
        await page.GetByTestId("audit-search").ClickAsync();
        await Expect(page.GetByTestId("audit-export")).ToHaveAttributeAsync("href", "/admin/audit/export.csv?user=test-admin&action=create-user");
        await Expect(table).ToContainTextAsync("k.sato");
        await Expect(page.GetByTestId("audit-action-cell").First).ToHaveTextAsync("ユーザー追加");
        await page.SaveScreenshotAsync(nameof(AdminBrowserTests) + "." + nameof(AuditPage_ShowsSignIn_And_UserCreation_And_ExportsThem));

        // The export link, fetched with the page's cookie.
        var csv = await page.Context.APIRequest.GetAsync("/admin/audit/export.csv?user=test-admin&action=create-user");
        Assert.Equal(200, csv.Status);
        var bytes = await csv.BodyAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("日時,ユーザー,拠点,操作,対象種別,対象,住民ID,詳細\r\n", text, StringComparison.Ordinal);
        Assert.Contains(",test-admin,会津若松,create-user,user,k.sato,,", text, StringComparison.Ordinal);

        var bad = await page.Context.APIRequest.GetAsync("/admin/audit/export.csv?from=2026/03/13&to=2026/03/12");
        Assert.Equal(400, bad.Status);
        Assert.Contains("開始日時が終了日時より後になっています。", await bad.TextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private sealed record Me(string Name, string Scope);

    private static async Task CreateUserAsync(IPage page, string userName, string displayName, string role, string site)
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

    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = option }).First.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
