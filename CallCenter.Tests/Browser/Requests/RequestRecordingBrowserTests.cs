using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Imports;
using CallCenter.Tests.Browser.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Requests;

/// <summary>
/// Residents' requests in Chromium at 1366×768: an operator records two requests in a call (Alt+Q) and sees them on the
/// resident page; an admin edits the lists; an admin puts an account in a department.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RequestRecordingBrowserTests(BrowserFixture browser)
{
    // Numbers start with Q so other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        Q1001,QH01,世帯主,菅野 和夫,カンノ カズオ,昭和24年6月1日,男,浜区,汐見町浜2-8,0240-22-8765
        Q1002,QH01,妻,菅野 幸子,カンノ サチコ,昭和27年1月15日,女,浜区,汐見町浜2-8,
        Q1003,QH01,子,菅野 大輔,カンノ ダイスケ,1980-10-05,男,浜区,汐見町浜2-8,080-3333-1212
        """;

    private static async Task<IPage> PageAsync(BrowserFixture browser)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        return page;
    }

    [Fact]
    public async Task Operator_RecordsTwoRequestsInACall_WithAltQ_AndSeesThemOnTheResidentPage()
    {
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register)))
        {
            Assert.True((await browser.App.Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false)).Committed);
        }
        var page = await PageAsync(browser);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator", returnPath: "/residents/Q1001/call");
        await page.GetByTestId("caller-name").WaitForAsync();
        await page.GetByTestId("caller-name").FillAsync("菅野 大輔");
        await page.GetByTestId("caller-relation").FillAsync("子");
        var head = page.GetByTestId("member-Q1001");
        await RecordCallBrowserTests.SelectAsync(page, head, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(page, head, "避難先種別", "親族・知人宅");
        var prefecture = head.GetByTestId("prefecture");
        await prefecture.FillAsync("やまがた");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync("山形県");
        await prefecture.PressAsync("Tab");
        await RecordCallBrowserTests.ChooseWrapUpAsync(page, "要望・相談");
        await Assertions.Expect(page.GetByTestId("open-request-count")).ToHaveTextAsync("対応中の要望はありません");

        // Alt+Q adds a request and puts the cursor on its 分類; the keyboard picks the options.
        await page.Keyboard.PressAsync("Alt+q");
        var first = page.GetByTestId("request-row").Nth(0);
        await Assertions.Expect(first.GetByTestId("request-category")).ToBeFocusedAsync();
        await first.GetByTestId("request-category").SelectOptionAsync(new SelectOptionValue { Label = "住まい・住宅" });
        await first.GetByTestId("request-department").SelectOptionAsync(new SelectOptionValue { Label = "復興推進課" });
        await first.GetByTestId("request-body").FillAsync("災害公営住宅の申込み時期と条件を知りたい");

        await page.Keyboard.PressAsync("Alt+q");
        var second = page.GetByTestId("request-row").Nth(1);
        await Assertions.Expect(second.GetByTestId("request-category")).ToBeFocusedAsync();
        await second.GetByTestId("request-target").SelectOptionAsync(new SelectOptionValue { Label = "菅野　幸子" });
        await second.GetByTestId("request-category").SelectOptionAsync(new SelectOptionValue { Label = "医療・健康" });
        await second.GetByTestId("request-department").SelectOptionAsync(new SelectOptionValue { Label = "健康介護課" });
        await second.GetByTestId("request-urgent").CheckAsync();
        await second.GetByTestId("request-body").FillAsync("持病（糖尿病）の薬が残り3日分。避難先で処方を受けられる病院を教えてほしい");
        await page.GetByTestId("request-section").ScrollIntoViewIfNeededAsync();
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(RequestRecordingBrowserTests) + ".call-form", fullPage: false);

        await second.GetByTestId("request-body").PressAsync("Control+Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/Q1001$"));
        var panel = page.GetByTestId("requests-panel");
        await Assertions.Expect(panel.Locator("h2").First).ToContainTextAsync("要望・相談（対応中 2 件）");
        var lines = panel.GetByTestId("open-requests").GetByTestId("request-line");
        await Assertions.Expect(lines.Nth(0)).ToContainTextAsync("至急");
        await Assertions.Expect(lines.Nth(0)).ToContainTextAsync("菅野　幸子");
        await Assertions.Expect(lines.Nth(1)).ToContainTextAsync("世帯全体");
        await Assertions.Expect(lines.Nth(1)).ToContainTextAsync("災害公営住宅の申込み時期と条件を知りたい");

        // 「要望を記録」 on the resident page: a third request, saved on its own.
        await panel.GetByTestId("record-request").ClickAsync();
        var row = panel.GetByTestId("request-row");
        await row.GetByTestId("request-category").SelectOptionAsync(new SelectOptionValue { Label = "各種手続き・証明" });
        await row.GetByTestId("request-department").SelectOptionAsync(new SelectOptionValue { Label = "住民課" });
        await row.GetByTestId("request-body").FillAsync("罹災証明書を避難先に郵送してほしい");
        await panel.GetByTestId("save-request").ClickAsync();
        await Assertions.Expect(panel.Locator("h2").First).ToContainTextAsync("要望・相談（対応中 3 件）");
        await panel.ScrollIntoViewIfNeededAsync();
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(RequestRecordingBrowserTests) + ".resident-page", fullPage: false);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Admin_EditsTheRequestLists_And_PutsAnAccountInADepartment()
    {
        var page = await PageAsync(browser);
        await page.SignInAsync("test-admin", returnPath: "/admin/request-lists");
        var departments = page.GetByTestId("departments");
        await departments.GetByTestId("new-entry").FillAsync("産業振興課");
        await departments.GetByTestId("add-entry").ClickAsync();
        await Assertions.Expect(departments.GetByTestId("entry-label").Last).ToHaveTextAsync("産業振興課");
        await Assertions.Expect(page.GetByTestId("categories").GetByTestId("entry-row")).ToHaveCountAsync(12);
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(RequestRecordingBrowserTests) + ".admin-lists", fullPage: false);

        await page.GotoInteractiveAsync("/admin/users");
        var select = page.GetByTestId("department-test-operator");
        await select.SelectOptionAsync(new SelectOptionValue { Label = "復興推進課" });
        await Assertions.Expect(page.GetByTestId("users-message")).ToContainTextAsync("担当課を「復興推進課」にしました");
        await Assertions.Expect(page.GetByTestId("department-test-operator")).ToHaveValueAsync("復興推進課");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(RequestRecordingBrowserTests) + ".users", fullPage: false);
        await select.SelectOptionAsync(new SelectOptionValue { Label = "なし" });
        await Assertions.Expect(page.GetByTestId("users-message")).ToContainTextAsync("担当課をなしにしました");
    }
}
