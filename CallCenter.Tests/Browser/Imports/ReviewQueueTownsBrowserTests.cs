using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Browser.Calls;
using CallCenter.Tests.Data.Imports;
using CallCenter.Tests.Web.Towns;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Imports;

/// <summary>
/// The review queue (名簿照合) in Chromium at 1366×768, in an app of its own with two towns whose numbers collide
/// (<see cref="TwoTownsApp"/>): the same shelter list imported into 汐見町 and into 大熊町. An all-towns operator sees
/// every town's waiting lines, each with its 町; an operator of 大熊町 sees only 大熊町's, whose candidate is 大熊町's
/// 0000001, searches within 大熊町 only, and creates a provisional person who belongs to 大熊町.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewQueueTownsBrowserTests(BrowserFixture browser)
{
    // Line 2: 汐見町's 0000001 (in 大熊町, 0000001 is someone else); line 3: someone in neither register.
    private static readonly string List = string.Join("\r\n",
        StatusImportTestData.Header,
        "0000001,汐見 花子,シオミ ハナコ,1970/03/12,女,無事,避難所,福島県,会津若松市,会津若松市立第一中学校 体育館,,2026/03/13",
        ",双葉 太郎,フタバ タロウ,1990/07/07,男,無事,親族・知人宅,宮城県,仙台市,,022-123-4567,2026/03/13",
        "");

    [Fact]
    public async Task EachReviewer_SeesTheLinesOfTheirTowns_And_AProvisionalPersonLandsInTheLinesTown()
    {
        var towns = new TwoTownsApp();
        try
        {
            await towns.InitializeAsync();
            var services = towns.App.Services;
            var supervisorId = await services.GetRequiredService<UserRepository>().CreateAsync("sv-joint", "合同 監督", UserRole.Supervisor, "いわき", "x");
            var by = new OperatorContext(supervisorId!.Value, "sv-joint", "いわき");
            foreach (var town in new[] { towns.Shiomi, towns.Okuma })
            {
                var result = await services.GetRequiredService<StatusListImportService>().CommitAsync(
                    new MemoryStream(Encoding.UTF8.GetBytes(List)), $"{town.Name}避難所名簿.csv", ReportSource.ShelterList, by, townId: town.TownId);
                Assert.True(result.Succeeded, string.Join(" ", result.Errors));
            }

            // Every town's lines, each naming its town.
            var page = await browser.NewPageAsync(towns.App.BaseAddress);
            var problems = RecordCallBrowserTests.WatchForProblems(page);
            await page.SetViewportSizeAsync(1366, 768);
            await page.SignInAsync("test-operator", returnPath: "/imports/review");
            await page.GotoInteractiveAsync("/imports/review");
            await Expect(page.GetByTestId("review-count")).ToContainTextAsync("照合待ち 3 行");
            await Expect(page.GetByTestId("nav-review")).ToContainTextAsync("名簿照合（3）");
            Assert.Equal(["汐見町", "大熊町", "大熊町"], (await page.GetByTestId("review-town").AllInnerTextsAsync()).Select(t => t.Trim()));
            await page.Mouse.MoveAsync(0, 0);
            await page.SaveScreenshotAsync(nameof(ReviewQueueTownsBrowserTests) + ".all-towns-1366x768", fullPage: false);
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            await page.Context.CloseAsync();

            // 大熊町's operator: 大熊町's two lines only.
            var okuma = await browser.NewPageAsync(towns.App.BaseAddress);
            problems = RecordCallBrowserTests.WatchForProblems(okuma);
            await okuma.SetViewportSizeAsync(1366, 768);
            await okuma.SignInAsync(TwoTownsApp.OkumaOperator, returnPath: "/imports/review");
            await okuma.GotoInteractiveAsync("/imports/review");
            await Expect(okuma.GetByTestId("review-count")).ToContainTextAsync("照合待ち 2 行");
            await Expect(okuma.GetByTestId("nav-review")).ToContainTextAsync("名簿照合（2）");
            Assert.Equal(["大熊町", "大熊町"], (await okuma.GetByTestId("review-town").AllInnerTextsAsync()).Select(t => t.Trim()));
            var named = okuma.Locator(".review-item", new PageLocatorOptions { HasText = "汐見 花子" });
            var unknown = okuma.Locator(".review-item", new PageLocatorOptions { HasText = "双葉 太郎" });
            // The number's candidate is 大熊町's 0000001 (大熊 花子), not 汐見町's.
            await Expect(named.GetByTestId("candidate-0000001")).ToContainTextAsync("大熊 花子");
            // A search finds people of the line's town only: 汐見町's 汐見 一郎 is not offered.
            await unknown.GetByTestId("review-query").FillAsync("シオミ イチロウ");
            await unknown.GetByTestId("review-search").ClickAsync();
            await Expect(unknown).ToContainTextAsync("見つかりません");
            await unknown.GetByTestId("review-query").FillAsync("オオクマ イチロウ");
            await unknown.GetByTestId("review-search").ClickAsync();
            await Expect(unknown.GetByTestId("candidate-0000002")).ToContainTextAsync("大熊 一郎");
            await okuma.Mouse.MoveAsync(0, 0);
            await okuma.SaveScreenshotAsync(nameof(ReviewQueueTownsBrowserTests) + ".one-town-1366x768", fullPage: false);

            await unknown.GetByTestId("create-provisional").ClickAsync();
            await okuma.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "仮登録して記録" }).ClickAsync();
            await Expect(okuma.GetByTestId("review-result")).ToContainTextAsync("仮登録");
            await Expect(unknown).ToHaveCountAsync(0);
            await Expect(okuma.GetByTestId("review-count")).ToContainTextAsync("照合待ち 1 行");
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            await okuma.Context.CloseAsync();

            await using var connection = await services.GetRequiredService<ConnectionFactory>().OpenAsync();
            Assert.Equal([towns.Okuma.TownId], (await connection.QueryAsync<int>(
                "SELECT TownId FROM Residents WHERE IsProvisional = 1 AND FamilyName = '双葉' AND Status = 1")).ToList());
            // 汐見町's line about the same person still waits.
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("""
                SELECT COUNT(*)
                  FROM StatusImportRows r
                  JOIN StatusImports i ON i.StatusImportId = r.StatusImportId
                 WHERE r.FamilyName = '双葉' AND r.MatchState = 3 AND i.TownId = @TownId
                """, new { TownId = towns.Shiomi.TownId }));
        }
        finally
        {
            await towns.DisposeAsync();
        }
    }
}
