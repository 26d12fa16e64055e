using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Imports;
using CallCenter.Tests.Browser.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Announcements;

/// <summary>
/// Issue 18 (part A) in Chromium: a supervisor publishes an announcement for one district, an operator tells it in a
/// call (Alt+T to 「伝えること」), and the coverage page moves from 0 to 1 told; the resident page lists the delivery.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AnnouncementBrowserTests(BrowserFixture browser)
{
    // Numbers start with AN so other browser tests' registers in the same app do not collide; 北原 is this test's district only.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        AN001,ANH01,世帯主,木村 登,キムラ ノボル,昭和24年9月9日,男,北原,北原字上1-1,0240-36-8001
        AN002,ANH01,妻,木村 芳江,キムラ ヨシエ,昭和27年2月2日,女,北原,北原字上1-1,
        AN101,ANH02,世帯主,石井 昌子,イシイ マサコ,1966-06-16,女,南原,南原字下2-2,0240-36-8101
        """;

    private const string Title = "北原地区 一時帰宅の申込受付（来月実施分）";

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Supervisor_Publishes_ForOneDistrict_Operator_TellsIt_CoverageMoves()
    {
        await PrepareAsync();
        var supervisor = await browser.NewPageAsync();
        await supervisor.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(supervisor);
        await supervisor.SignInAsync("test-supervisor", returnPath: "/announcements");
        await supervisor.GetByTestId("announcement-new").ClickAsync();

        await supervisor.GetByTestId("announcement-title").FillAsync(Title);
        await supervisor.Locator("textarea[data-testid=announcement-text]").FillAsync(
            "来月の一時帰宅の申込を受け付けています。\n申込期限: 今月20日まで\n申込先: 役場 総務課（0240-00-1111）");
        await supervisor.GetByText("重要", new() { Exact = true }).ClickAsync();
        await supervisor.GetByTestId("target-districts").ClickAsync();
        await supervisor.Locator(".mud-popover-open .mud-list-item", new() { HasText = "北原" }).ClickAsync();
        await supervisor.Keyboard.PressAsync("Escape");
        await supervisor.Mouse.MoveAsync(0, 0);
        await supervisor.SaveScreenshotAsync(nameof(AnnouncementBrowserTests) + ".form-1366x768", fullPage: false);
        await supervisor.GetByTestId("announcement-save").ClickAsync();

        await Assertions.Expect(supervisor.GetByTestId("announcements-message")).ToContainTextAsync($"お知らせ「{Title}」を掲示しました。");
        var row = supervisor.GetByTestId("current-announcements").GetByTestId("announcement-row").Filter(new() { HasText = Title });
        await Assertions.Expect(row).ToContainTextAsync("行政区 北原");
        await supervisor.SaveScreenshotAsync(nameof(AnnouncementBrowserTests) + ".list-1366x768", fullPage: false);
        await row.GetByTestId("announcement-link").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("coverage-title")).ToHaveTextAsync(Title);
        await Assertions.Expect(supervisor.GetByTestId("coverage-targeted")).ToContainTextAsync("1");
        await Assertions.Expect(supervisor.GetByTestId("coverage-told")).ToContainTextAsync("0");
        var coveragePath = new Uri(supervisor.Url).AbsolutePath;

        var operatorPage = await browser.NewPageAsync();
        await operatorPage.SetViewportSizeAsync(1366, 768);
        problems.AddRange(RecordCallBrowserTests.WatchForProblems(operatorPage));
        await operatorPage.SignInAsync("test-operator", returnPath: "/residents/AN001/call");
        await operatorPage.WaitForInteractiveAsync();
        await operatorPage.WaitForCallFormKeysAsync();
        await operatorPage.GetByTestId("caller-name").FillAsync("木村 登");
        await operatorPage.Keyboard.PressAsync("Alt+y");
        await operatorPage.Keyboard.PressAsync("1");
        var head = operatorPage.GetByTestId("member-AN001");
        await RecordCallBrowserTests.SelectAsync(operatorPage, head, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(operatorPage, head, "避難先種別", "親族・知人宅");
        await head.GetByTestId("prefecture").FillAsync("福島県");
        await Assertions.Expect(operatorPage.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync("福島県");
        await head.GetByTestId("prefecture").PressAsync("Tab");

        // Alt+T: to 「伝えること」, the first box focused; Space ticks it.
        await operatorPage.Keyboard.PressAsync("Alt+t");
        var item = operatorPage.GetByTestId("announcement-item").Filter(new() { HasText = Title });
        var box = item.GetByTestId("announcement-told");
        await Assertions.Expect(box).ToBeFocusedAsync();
        await operatorPage.Keyboard.PressAsync("Space");
        await Assertions.Expect(box).ToBeCheckedAsync();
        await item.GetByTestId("announcement-title").ClickAsync();
        await Assertions.Expect(item.GetByTestId("announcement-body")).ToContainTextAsync("申込期限: 今月20日まで");
        await operatorPage.Mouse.MoveAsync(0, 0);
        await operatorPage.GetByTestId("announcements-section").ScrollIntoViewIfNeededAsync();
        await operatorPage.SaveScreenshotAsync(nameof(AnnouncementBrowserTests) + ".call-form-1366x768", fullPage: false);
        await operatorPage.Keyboard.PressAsync("Control+Enter");

        await Assertions.Expect(operatorPage).ToHaveURLAsync(new Regex("/residents/AN001$"));
        var delivered = operatorPage.GetByTestId("delivered-row").Filter(new() { HasText = Title });
        await Assertions.Expect(delivered).ToContainTextAsync("通話 #");
        await delivered.ScrollIntoViewIfNeededAsync();
        await operatorPage.SaveScreenshotAsync(nameof(AnnouncementBrowserTests) + ".resident-panel-1366x768", fullPage: false);

        await supervisor.GotoInteractiveAsync(coveragePath);
        await Assertions.Expect(supervisor.GetByTestId("coverage-told")).ToContainTextAsync("1");
        await Assertions.Expect(supervisor.GetByTestId("coverage-not-yet")).ToContainTextAsync("0");
        await Assertions.Expect(supervisor.GetByTestId("coverage-trend")).ToContainTextAsync("1");
        await supervisor.SaveScreenshotAsync(nameof(AnnouncementBrowserTests) + ".coverage-1366x768", fullPage: false);

        await operatorPage.GotoInteractiveAsync("/");
        await Assertions.Expect(operatorPage.GetByTestId("start-announcement").Filter(new() { HasText = Title })).ToContainTextAsync("重要");
        await operatorPage.SaveScreenshotAsync(nameof(AnnouncementBrowserTests) + ".start-1366x768", fullPage: false);
        Assert.Empty(problems);
    }

    private async Task PrepareAsync()
    {
        if (await Services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>().FindIdByNumberAsync("AN001") is null)
        {
            using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register));
            var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
            Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
        }
    }
}
