using System.Text.RegularExpressions;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Web.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Security;

/// <summary>
/// Issue 12: a page opened in a real browser (prerendered, then live) leaves exactly one audit row per view
/// (item 3); the call form under a locked database says nothing was saved, keeps what was typed and saves once
/// with the same button when the lock is gone (item 8).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditedViewBrowserTests(BrowserFixture browser)
{
    // Numbers start with AV so other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        AV001,AVH1,世帯主,久慈 辰五郎,クジ タツゴロウ,昭和15年3月3日,男,浜区,汐見町浜9-9,0240-99-1001
        AV002,AVH1,妻,久慈 ハル,クジ ハル,昭和18年5月5日,女,浜区,汐見町浜9-9,
        """;

    private CallCenterAppFactory App => browser.App;

    [Fact]
    public async Task EveryPersonalDataPage_OpenedInABrowser_LeavesExactlyOneAuditRowPerView()
    {
        await CallTestData.ImportAsync(App.Services.GetRequiredService<ConnectionFactory>(), Register);
        var userName = await App.CreateUserAsync("views", UserRole.Supervisor);
        var page = await browser.NewPageAsync();
        var problems = Calls.RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync(userName);

        // Each page as a full load (a prerender, then the live circuit), and one household link followed inside the circuit.
        var views = new List<(string What, Func<Task<int>> Count)>();
        await OpenAsync(page, "/residents/AV001", "resident-name");
        views.Add(("resident page AV001", () => CountAsync(userName, AuditActions.ViewResident, r => r.TargetId == "AV001" && r.Details is null)));
        await page.Locator("[data-testid=household-member][data-resident-no=AV002] a").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/AV002$"));
        await Assertions.Expect(page.GetByTestId("resident-name")).ToContainTextAsync("ハル");
        views.Add(("resident page AV002 (household link)", () => CountAsync(userName, AuditActions.ViewResident, r => r.TargetId == "AV002" && r.Details is null)));
        await OpenAsync(page, "/residents/AV001/call", "member-AV001");
        views.Add(("call form", () => CountAsync(userName, AuditActions.ViewResident, r => r.TargetId == "AV001" && r.Details == "通話記録の画面で表示")));
        await OpenAsync(page, "/residents/AV001/inquiry", "save-inquiry");
        views.Add(("inquiry form", () => CountAsync(userName, AuditActions.ViewResident, r => r.TargetId == "AV001" && r.Details == "照会記録の画面で表示")));
        await OpenAsync(page, "/provisional", "provisional-table", "no-provisional");
        views.Add(("provisional list", () => CountAsync(userName, AuditActions.ViewList, r => r.TargetType == "provisional")));
        await OpenAsync(page, "/approvals", "pending-list", "no-pending");
        views.Add(("approvals", () => CountAsync(userName, AuditActions.ViewList, r => r.TargetType == "approvals")));
        await OpenAsync(page, "/imports/review", "review-count", "review-empty");
        views.Add(("review queue", () => CountAsync(userName, AuditActions.ViewList, r => r.TargetType == "review-queue")));
        await OpenAsync(page, "/outbound/campaign", "figures");
        views.Add(("outbound campaign", () => CountAsync(userName, AuditActions.ViewList, r => r.TargetType == "outbound-campaign")));
        await OpenAsync(page, "/inquiries", "inquiry-filters");
        views.Add(("inquiry log", () => CountAsync(userName, AuditActions.ViewInquiries, _ => true)));

        // A late second row (a re-render, a revalidated sign-in) would come within a moment.
        await page.WaitForTimeoutAsync(1500);
        var counts = new List<string>();
        foreach (var (what, count) in views)
        {
            counts.Add($"{what}: {await count()}");
        }
        Assert.All(counts, c => Assert.EndsWith(": 1", c, StringComparison.Ordinal));
        Assert.Empty(problems);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CallForm_When_TheDatabaseIsLocked_SaysNothingWasSaved_KeepsTheInput_And_SavesOnceOnRetry()
    {
        // An app of its own whose busy timeout is two seconds, so the held lock fails the save quickly.
        var path = CallCenterAppFactory.NewDatabasePath();
        var app = new CallCenterAppFactory(
            new Dictionary<string, string?> { ["ConnectionStrings:CallCenter"] = $"Data Source={path};Default Timeout=2" }, path);
        try
        {
            app.Start();
            await CallTestData.ImportAsync(app.Services.GetRequiredService<ConnectionFactory>(), Register);
            var page = await browser.NewPageAsync(app.BaseAddress);
            await page.SetViewportSizeAsync(1366, 768);
            var problems = Calls.RecordCallBrowserTests.WatchForProblems(page);
            await page.SignInAsync("test-operator");
            await OpenAsync(page, "/residents/AV001/call", "member-AV001");
            await page.GetByTestId("caller-name").FillAsync("久慈 ハル");
            await page.GetByTestId("caller-phone").FillAsync("090-9999-2002");
            await page.GetByTestId("caller-relation").FillAsync("妻");
            await page.GetByTestId("caller-relation").PressAsync("Tab");
            var head = page.GetByTestId("member-AV001");
            await Calls.RecordCallBrowserTests.SelectAsync(page, head, "安否", "無事");
            await Calls.RecordCallBrowserTests.SelectAsync(page, head, "避難先種別", "避難所");
            var prefecture = head.GetByTestId("prefecture");
            await prefecture.FillAsync("07");
            await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync("福島県");
            await prefecture.PressAsync("Tab");
            await Assertions.Expect(prefecture).ToHaveValueAsync("福島県");
            await head.GetByTestId("municipality").FillAsync("会津若松市");
            await head.GetByTestId("place").FillAsync("会津若松市 第二中学校 体育館");
            await Calls.RecordCallBrowserTests.ChooseWrapUpAsync(page);

            await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var writeLock = connection.BeginTransaction(deferred: false);
                await page.GetByTestId("save").ClickAsync();

                var fault = page.GetByTestId("save-fault");
                await Assertions.Expect(fault).ToContainTextAsync("保存されていません");
                await Assertions.Expect(fault).ToContainTextAsync("混み合って");
                await Assertions.Expect(page.GetByTestId("caller-name")).ToHaveValueAsync("久慈 ハル");
                await Assertions.Expect(head.GetByTestId("place")).ToHaveValueAsync("会津若松市 第二中学校 体育館");
                await Assertions.Expect(page.GetByTestId("save")).ToBeEnabledAsync();
                await fault.ScrollIntoViewIfNeededAsync();
                await page.Mouse.MoveAsync(0, 0);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "call-form-fault.png") });
                await writeLock.RollbackAsync();
            }

            await page.GetByTestId("save").ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/AV001$"));
            Assert.Equal([1L], await app.QueryAsync<long>("SELECT COUNT(*) FROM Calls"));
            Assert.Equal([1L], await app.QueryAsync<long>("SELECT COUNT(*) FROM SafetyReports"));
            Assert.Empty(problems);
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

    /// <summary>A full page load, then the live circuit, then the first of the given test ids.</summary>
    private static async Task OpenAsync(IPage page, string path, params string[] anyOfTestIds)
    {
        await page.GotoInteractiveAsync(path);
        await page.Locator(string.Join(", ", anyOfTestIds.Select(id => $"[data-testid={id}]"))).First.WaitForAsync();
    }

    private async Task<int> CountAsync(string userName, string action, Func<AuditRow, bool> matches) =>
        (await App.AuditAsync(userName, action)).Count(matches);
}
