using System.Text;
using CallCenter.Tests.Browser.Accounts;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Audit;

/// <summary>The audit log page (操作ログ) shows sign-ins and user creation, filters them and exports them as CSV.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AuditPage_ShowsSignIn_And_UserCreation_And_ExportsThem()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-admin", returnPath: "/admin/users");
        await UserSteps.CreateUserAsync(page, "k.sato", "佐藤 健一", "オペレーター", "会津若松");

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
        await page.SaveScreenshotAsync(nameof(AuditBrowserTests) + "." + nameof(AuditPage_ShowsSignIn_And_UserCreation_And_ExportsThem));

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
}
