using System.Text;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser.Accounts;
using CallCenter.Tests.Web.Security;
using Microsoft.Playwright;
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
            var registerB = Encoding.UTF8.GetBytes(CallTestData.FiveMemberRegister.Replace("佐藤", "遠藤", StringComparison.Ordinal));
            var payload = new FilePayload { Name = "富岡町住民名簿.csv", MimeType = "text/csv", Buffer = registerB };
            // Nothing is read before the town is chosen.
            await page.GetByTestId("register-file").SetInputFilesAsync(payload);
            await Expect(page.GetByTestId("register-error")).ToHaveTextAsync("取り込む町を選んでください。");
            await UserSteps.ChooseAsync(page, "import-town", "富岡町（075434）");
            await page.GetByTestId("register-file").SetInputFilesAsync(payload);
            await Expect(page.GetByTestId("register-counts")).ToContainTextAsync("新規 6 人");
            await page.GetByTestId("register-commit").ClickAsync();
            await Expect(page.GetByTestId("register-summary-line")).ToHaveTextAsync("inserted 6, updated 0, unchanged 0, errors 0");
            await Expect(page.GetByTestId("register-summary")).ToContainTextAsync("富岡町（075434）に取り込みました");
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(TownsBrowserTests) + ".register-upload-town", fullPage: false);
            // The same numbers in 大熊町 are other people, untouched.
            Assert.Equal(["佐藤", "遠藤"], await app.QueryAsync<string>("SELECT FamilyName FROM Residents WHERE ResidentNo = 'K0001' ORDER BY TownId"));

            await page.GotoInteractiveAsync("/admin/towns");
            await Expect(page.Locator("[data-testid=towns-table] tbody tr").Nth(1)).ToContainTextAsync("6人");
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
