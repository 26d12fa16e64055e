using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Web.Residents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CallCenter.Tests.Browser.Residents;

/// <summary>
/// Issue 15, item 2: the operator's pages stay light in the browser — a search result row and a history entry are a
/// handful of plain elements, and a long history shows its newest entries with the rest one click away. The element
/// counts are the ones bench/capacity.sh reports under load; here they are budgets that fail when a row grows.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageWeightBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Elements per search result row: the row, 7 cells, the chip, the name link, the reading, age and two sub-lines.</summary>
    private const int ElementsPerResultRow = 15;

    /// <summary>Elements per history entry: the row, 7 cells and the status chip, a contact line at most.</summary>
    private const int ElementsPerHistoryEntry = 11;

    private IServiceProvider Services => browser.App.Services;

    private const string PerRow = """
        sel => {
          const rows = [...document.querySelectorAll(sel)];
          return [rows.length, rows.reduce((n, r) => n + 1 + r.getElementsByTagName('*').length, 0), document.getElementsByTagName('*').length];
        }
        """;

    [Fact]
    public async Task ResultRows_And_HistoryEntries_StayWithinTheirElementBudget_And_ALongHistoryIsPaged()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        await page.SignInAsync("test-operator");

        await page.GetByTestId("search-input").PressSequentiallyAsync("たかはし", new LocatorPressSequentiallyOptions { Delay = 40 });
        await Assertions.Expect(page.Locator("[data-testid=search-result][data-resident-no=K0006]")).ToBeVisibleAsync();
        var search = await page.EvaluateAsync<int[]>(PerRow, "[data-testid=search-result]");
        output.WriteLine($"search: {search[0]} rows, {(double)search[1] / search[0]:0.0} elements per row, {search[2]} elements on the page");
        Assert.InRange((double)search[1] / search[0], 9, ElementsPerResultRow);

        await page.GotoInteractiveAsync("/residents/L0001");
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("長谷川　歴");
        var rows = page.GetByTestId("history-row");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await Assertions.Expect(page.GetByTestId("history-more")).ToHaveTextAsync("以前の報告も表示（ほか 4 件）");
        var history = await page.EvaluateAsync<int[]>(PerRow, "[data-testid=history-row]");
        output.WriteLine($"resident page: {history[0]} history entries shown of 14, {(double)history[1] / history[0]:0.0} elements per entry, {history[2]} elements on the page");
        Assert.InRange((double)history[1] / history[0], 8, ElementsPerHistoryEntry);
        // The newest first: the last report appended is on top.
        await Assertions.Expect(rows.First).ToContainTextAsync("報告14");
        await page.SaveScreenshotAsync(nameof(PageWeightBrowserTests) + ".history-1366x768", fullPage: false);
        await page.GetByTestId("history-more").ScrollIntoViewIfNeededAsync();
        await page.SaveScreenshotAsync(nameof(PageWeightBrowserTests) + ".history-more-1366x768", fullPage: false);

        await page.GetByTestId("history-more").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(14);
        await Assertions.Expect(rows.Last).ToContainTextAsync("報告1");
        await Assertions.Expect(page.GetByTestId("history-more")).ToHaveCountAsync(0);
        await page.SaveScreenshotAsync(nameof(PageWeightBrowserTests) + ".history-all");
        await page.Context.CloseAsync();
    }

    private async Task SeedAsync()
    {
        var operatorAccount = await Services.GetRequiredService<UserRepository>().FindByNameAsync("test-operator");
        await SampleTown.SeedAsync(Services.GetRequiredService<ConnectionFactory>(), TimeProvider.System, operatorAccount?.UserId, "会津若松");
        var residents = Services.GetRequiredService<ResidentRepository>();
        if (await residents.FindIdByNumberAsync("L0001") is not null)
        {
            return;
        }
        // A person called about again and again (numbers start with L so other browser tests' registers do not collide).
        var csv = "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号\n" +
                  "L0001,LH01,世帯主,長谷川 歴,ハセガワ レキ,昭和30年5月1日,男,浜区,汐見町浜二丁目3-4,0240-22-1111\n";
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv)))
        {
            var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(stream, dryRun: false);
            Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
        }
        var id = await SampleTown.IdAsync(residents, "L0001");
        var reports = new ReportRepository(Services.GetRequiredService<ConnectionFactory>(), TimeProvider.System, CallCenter.Data.Approvals.ApprovalPolicy.None);
        var start = DateTime.UtcNow.Date.AddDays(-14);
        for (var i = 1; i <= 14; i++)
        {
            var status = i % 3 == 0 ? SafetyStatus.Injured : SafetyStatus.Safe;
            await reports.AppendAsync(new NewSafetyReport(id, status, ReportSource.Family,
                new Whereabouts(WhereaboutsType.Shelter, 7, "会津若松市", "河東総合体育館", i % 2 == 0 ? "090-1234-5678" : null),
                new Consent(true, true, false), "長谷川 和子", "妻", TestOperatorId(), start.AddDays(i), $"報告{i}"));
        }

        int? TestOperatorId() => operatorAccount?.UserId;
    }
}
