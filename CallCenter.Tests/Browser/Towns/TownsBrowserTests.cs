using CallCenter.Data.Database;
using CallCenter.Tests.Data.Calls;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Towns;

/// <summary>
/// An admin adds towns on /admin/towns in an app of its own (a joint installation must not change what the shared
/// app's other tests see): a wrong check digit is explained, two towns are added, and the upload pages then ask for the town.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TownsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_AddsTowns_And_TheRegisterUploadThenAsksForTheTown()
    {
        var path = CallCenterAppFactory.NewDatabasePath();
        var app = new CallCenterAppFactory(new Dictionary<string, string?> { ["Town:Code"] = "075451", ["Town:Name"] = "大熊町" }, path);
        try
        {
            app.Start();
            await CallTestData.ImportAsync(app.Services.GetRequiredService<ConnectionFactory>(), CallTestData.FiveMemberRegister);
            var page = await browser.NewPageAsync(app.BaseAddress);
            await page.SetViewportSizeAsync(1366, 768);
            await page.SignInAsync("test-admin", returnPath: "/admin/register");
            // One town: the upload page has no town field.
            await Expect(page.GetByTestId("register-file-name")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("import-town")).ToHaveCountAsync(0);

            await page.GotoInteractiveAsync("/admin/towns");
            await page.GetByTestId("town-code").FillAsync("075435");
            await page.GetByTestId("town-name").FillAsync("富岡町");
            await page.GetByTestId("town-add").ClickAsync();
            await Expect(page.Locator("body")).ToContainTextAsync("07543 なら 075434");
            await page.GetByTestId("town-code").FillAsync("075434");
            await page.GetByTestId("town-add").ClickAsync();
            await Expect(page.GetByTestId("towns-message")).ToHaveTextAsync("富岡町（075434）を追加しました。");
            await page.GetByTestId("town-code").FillAsync("075469");
            await page.GetByTestId("town-name").FillAsync("双葉町");
            await page.GetByTestId("town-add").ClickAsync();
            await Expect(page.GetByTestId("towns-message")).ToHaveTextAsync("双葉町（075469）を追加しました。");

            var rows = page.Locator("[data-testid=towns-table] tbody tr");
            await Expect(rows).ToHaveCountAsync(3);
            await Expect(rows.Nth(0)).ToContainTextAsync("大熊町");
            await Expect(rows.Nth(0)).ToContainTextAsync("6人");
            await Expect(rows.Nth(2)).ToContainTextAsync("075469");
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(TownsBrowserTests) + ".three-towns", fullPage: false);

            // Several towns: the register upload asks which town's register the file is.
            await page.GotoInteractiveAsync("/admin/register");
            await Expect(page.GetByTestId("import-town")).ToBeVisibleAsync();
            await page.SaveScreenshotAsync(nameof(TownsBrowserTests) + ".register-upload-town", fullPage: false);
            await page.Context.CloseAsync();
        }
        finally
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }
}
