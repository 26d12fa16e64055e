using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Accounts;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Tests.Browser.Calls;
using CallCenter.Tests.Data.Requests;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Requests;

/// <summary>
/// Issue 17 (B) in Chromium: a clerk of 健康介護課 signs in, sees the open count in the navigation, opens the urgent
/// request from the queue, moves it 対応中 then 完了 with a note; a supervisor reads the summary and opens the requests
/// behind one figure. Screenshots at 1366×768: the queue, the request, the summary.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RequestsBrowserTests(BrowserFixture browser)
{
    // Numbers start with Y so other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        Y5001,YH01,世帯主,渡部 茂,ワタナベ シゲル,昭和18年4月2日,男,幾世橋,幾世橋字北原12,0240-35-3101
        Y5002,YH01,妻,渡部 キヨ,ワタナベ キヨ,昭和21年9月9日,女,幾世橋,幾世橋字北原12,
        Y5003,YH02,世帯主,志賀 美由紀,シガ ミユキ,1982-05-20,女,権現堂,権現堂字上町3-1,090-7000-1234
        Y5004,YH02,子,志賀 蓮,シガ レン,2012-08-01,男,権現堂,権現堂字上町3-1,
        Y5005,YH03,世帯主,根本 勝男,ネモト カツオ,1955-12-12,男,請戸,請戸字中島7,0240-35-4400
        """;

    private const string Clerk = "kenko-clerk";

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task AClerk_WorksAnUrgentRequest_ToDone_And_ASupervisorReadsTheSummary()
    {
        var urgent = await SeedAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync(Clerk, returnPath: "/");
        await page.WaitForInteractiveAsync();

        var count = page.GetByTestId("nav-requests-count");
        await Assertions.Expect(count).ToHaveTextAsync(new Regex("^[0-9]+$"));
        var before = await count.ReadNumberAsync();
        await page.GetByTestId("nav-requests").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/requests$"));
        var row = page.Locator($"[data-testid=request-row][data-request-id='{urgent}']");
        await Assertions.Expect(row.GetByTestId("overdue")).ToBeVisibleAsync();
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(RequestsBrowserTests) + ".queue-1366x768", fullPage: false);

        await row.GetByTestId("request-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/requests/{urgent}$"));
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("request-status")).ToHaveTextAsync("受付");
        await page.GetByTestId("request-note").FillAsync("福祉用具の業者に連絡。明日搬入の予定");
        await page.GetByTestId("move-2").ClickAsync();
        await Assertions.Expect(page.GetByTestId("request-status")).ToHaveTextAsync("対応中");
        await page.GetByTestId("request-note").FillAsync("介護ベッドを搬入した。本人に電話で確認済み");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(RequestsBrowserTests) + ".request-1366x768", fullPage: false);
        await page.GetByTestId("move-3").ClickAsync();
        await Assertions.Expect(page.GetByTestId("request-status")).ToHaveTextAsync("完了");
        await Assertions.Expect(page.GetByTestId("request-step")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("request-steps")).ToContainTextAsync("介護ベッドを搬入した");
        await page.GetByTestId("nav-requests").ClickAsync();
        await Assertions.Expect(page.GetByTestId("nav-requests-count")).ToHaveTextAsync((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();

        var supervisor = await browser.NewPageAsync();
        await supervisor.SetViewportSizeAsync(1366, 768);
        await supervisor.SignInAsync("test-supervisor", returnPath: "/requests/summary");
        await supervisor.WaitForInteractiveAsync();
        var care = supervisor.GetByTestId("tally-category").Locator("[data-testid=tally-row][data-value='5']");
        await Assertions.Expect(care.GetByTestId("tally-closed")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));
        await supervisor.Mouse.MoveAsync(0, 0);
        await supervisor.SaveScreenshotAsync(nameof(RequestsBrowserTests) + ".summary-1366x768", fullPage: false);
        await care.GetByTestId("tally-closed").ClickAsync();
        await Assertions.Expect(supervisor).ToHaveURLAsync(new Regex("/requests\\?state=closed&category=5$"));
        await Assertions.Expect(supervisor.Locator($"[data-testid=request-row][data-request-id='{urgent}']")).ToBeVisibleAsync();
        await supervisor.Context.CloseAsync();
    }

    [Fact]
    public async Task ASupervisor_FiltersTheSummaryByDistrict_And_OpensACrossCell_TheQueueShowsExactlyThoseRequests()
    {
        await SeedAsync();
        var supervisor = await browser.NewPageAsync();
        await supervisor.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(supervisor);
        await supervisor.SignInAsync("test-supervisor", returnPath: "/requests/summary");
        await supervisor.WaitForInteractiveAsync();

        await supervisor.GetByTestId("summary-district").SelectOptionAsync(new SelectOptionValue { Label = "権現堂" });
        await Assertions.Expect(supervisor).ToHaveURLAsync(new Regex("/requests/summary\\?district=" + Regex.Escape(Uri.EscapeDataString("権現堂")) + "$"));
        await Assertions.Expect(supervisor.GetByTestId("tally-district").Locator("th a")).ToHaveTextAsync(["権現堂"]);
        var cross = supervisor.GetByTestId("cross-table");
        await Assertions.Expect(cross.GetByTestId("cross-row")).ToHaveCountAsync(1);
        var cell = cross.Locator("[data-testid=cross-row][data-value='権現堂'] [data-testid=cross-cell][data-column='3']");
        var shown = await cell.ReadNumberAsync();
        await supervisor.Mouse.MoveAsync(0, 0);
        await supervisor.SaveScreenshotAsync(nameof(RequestsBrowserTests) + ".summary-district-1366x768", fullPage: true);

        await cell.ClickAsync();
        await Assertions.Expect(supervisor).ToHaveURLAsync(new Regex("/requests\\?state=all&category=3&district=" + Regex.Escape(Uri.EscapeDataString("権現堂")) + "$"));
        await supervisor.WaitForInteractiveAsync();
        await Assertions.Expect(supervisor.GetByTestId("request-total")).ToContainTextAsync($"全 {shown} 件");
        await using (var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync())
        {
            var expected = (await Dapper.SqlMapper.QueryAsync<long>(connection,
                "SELECT RequestId FROM Requests WHERE District = '権現堂' AND CategoryId = 3")).Order().ToList();
            Assert.Equal(shown, expected.Count);
            var rows = supervisor.GetByTestId("request-row");
            await Assertions.Expect(rows).ToHaveCountAsync(Math.Min(expected.Count, 50));
            var ids = (await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.requestId)")).Select(long.Parse).Order().ToList();
            Assert.Equal(expected.Take(50), ids);
        }
        await supervisor.Mouse.MoveAsync(0, 0);
        await supervisor.SaveScreenshotAsync(nameof(RequestsBrowserTests) + ".queue-from-cross-1366x768", fullPage: false);
        // The queue's own filters narrow it further in place (a query change on the same page).
        await supervisor.GetByTestId("filter-state").SelectOptionAsync(new SelectOptionValue { Label = "完了・対応不可" });
        await Assertions.Expect(supervisor).ToHaveURLAsync(new Regex("/requests\\?state=closed&category=3&district="));
        await Assertions.Expect(supervisor.GetByTestId("no-requests")).ToBeVisibleAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await supervisor.Context.CloseAsync();
    }

    /// <summary>The register, the clerk of 健康介護課 and six requests (two of them the clerk's); returns the urgent one.</summary>
    private async Task<long> SeedAsync()
    {
        var connections = Services.GetRequiredService<ConnectionFactory>();
        var users = Services.GetRequiredService<UserRepository>();
        if (await Services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>().FindIdByNumberAsync("Y5001") is null)
        {
            using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register));
            var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
            Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
        }
        if (await users.FindByNameAsync(Clerk) is not { } clerk)
        {
            await users.CreateAsync(Clerk, "健康介護課 遠藤 真理", UserRole.Operator, "会津若松", SignInService.HashPassword(CallCenterAppFactory.TestPassword));
            clerk = (await users.FindByNameAsync(Clerk))!;
        }
        await RequestTestData.SetDepartmentAsync(connections, clerk.UserId, RequestTestData.HealthAndCare);
        var now = DateTime.UtcNow;
        var urgent = await RequestTestData.AddAsync(connections, "YH01", "Y5001", 5, RequestTestData.HealthAndCare, true,
            "退院後の介護ベッドを借りたい。妻ひとりでは起こせない", now.AddDays(-3));
        await RequestTestData.AddAsync(connections, "YH01", "Y5002", 4, RequestTestData.HealthAndCare, false, "避難先の近くで通える眼科を知りたい", now.AddDays(-1));
        await RequestTestData.AddAsync(connections, "YH02", null, 3, 5, false, "子どもの転校先の学校と手続きを知りたい", now.AddDays(-6));
        await RequestTestData.AddAsync(connections, "YH02", "Y5003", 2, RequestTestData.Reconstruction, false, "いわき市内で仕事を探している", now.AddDays(-20));
        await RequestTestData.AddAsync(connections, "YH03", "Y5005", 6, 3, false, "賠償請求の書類の書き方を教えてほしい", now.AddDays(-35));
        await RequestTestData.AddAsync(connections, "YH03", null, 8, RequestTestData.GeneralAffairs, true, "一時帰宅の日程を早めたい", now.AddDays(-1));
        return urgent;
    }
}
