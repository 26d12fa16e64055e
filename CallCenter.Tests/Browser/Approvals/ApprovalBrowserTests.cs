using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Imports;
using CallCenter.Tests.Browser.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Approvals;

[Collection(BrowserCollection.Name)]
public sealed class ApprovalBrowserTests(BrowserFixture browser)
{
    // Numbers start with AP so that other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        AP001,APH1,世帯主,木村 重雄,キムラ シゲオ,昭和9年11月3日,男,浜区,汐見町浜7-3,0240-27-4411
        AP002,APH1,長女,木村 美紀,キムラ ミキ,昭和42年6月18日,女,浜区,汐見町浜7-3,080-3131-4242
        """;

    [Fact]
    public async Task Operator_RecordsDeceased_Pending_Until_SupervisorApproves()
    {
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register)))
        {
            var imported = await browser.App.Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
            Assert.True(imported.Committed, string.Join(Environment.NewLine, imported.Errors));
        }

        // The operator records what the daughter reported on the phone, with the evidence in the note.
        var page = await browser.NewPageAsync();
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator", returnPath: "/residents/AP001/call");
        await page.GetByTestId("caller-name").WaitForAsync();
        await page.GetByTestId("caller-name").FillAsync("木村 美紀");
        await page.GetByTestId("caller-phone").FillAsync("080-3131-4242");
        await page.GetByTestId("caller-relation").FillAsync("長女");
        var head = page.GetByTestId("member-AP001");
        await RecordCallBrowserTests.SelectAsync(page, head, "安否", "死亡");
        await Assertions.Expect(head.GetByTestId("needs-approval")).ToBeVisibleAsync();
        await head.GetByTestId("member-note").FillAsync("3月16日、いわき市の遺体安置所で長女が本人と確認。いわき中央警察署 検視担当から連絡あり");
        await RecordCallBrowserTests.ChooseWrapUpAsync(page);
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(ApprovalBrowserTests) + ".form");
        await page.GetByTestId("save").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/AP001$"));
        await Assertions.Expect(page.GetByTestId("current-status").GetByTestId("status-chip")).ToHaveTextAsync("未確認");
        await Assertions.Expect(page.GetByTestId("current-status").GetByTestId("pending-chip")).ToHaveTextAsync("承認待ち: 死亡");
        await Assertions.Expect(page.GetByTestId("approval-state")).ToContainTextAsync("承認待ち");
        await page.SaveScreenshotAsync(nameof(ApprovalBrowserTests) + ".pending");
        // Search results show it too.
        await page.GotoInteractiveAsync("/");
        await page.GetByTestId("search-input").FillAsync("きむら しげお");
        await Assertions.Expect(page.Locator("[data-testid=search-result][data-resident-no=AP001] [data-testid=pending-chip]"))
            .ToHaveTextAsync("承認待ち: 死亡");

        // A supervisor sees the count in the navigation and the evidence on the approvals page.
        var supervisor = await browser.NewPageAsync();
        var supervisorProblems = RecordCallBrowserTests.WatchForProblems(supervisor);
        await supervisor.SignInAsync("test-supervisor", returnPath: "/approvals");
        await Assertions.Expect(supervisor.GetByTestId("nav-approvals-count")).ToBeVisibleAsync();
        var before = await supervisor.GetByTestId("nav-approvals-count").ReadNumberAsync();
        var card = supervisor.Locator("[data-testid=pending-report][data-resident-no=AP001]");
        await Assertions.Expect(card.GetByTestId("evidence-reporter")).ToContainTextAsync("木村 美紀（長女）");
        await Assertions.Expect(card.GetByTestId("evidence-operator")).ToContainTextAsync("試験");
        await Assertions.Expect(card.GetByTestId("evidence-note")).ToContainTextAsync("遺体安置所");
        await Assertions.Expect(card.GetByTestId("approve")).ToBeDisabledAsync();
        await card.GetByTestId("approve-evidence").FillAsync("いわき中央警察署に電話で確認（刑事課 佐々木氏）");
        await Assertions.Expect(card.GetByTestId("approve")).ToBeEnabledAsync();
        await supervisor.Mouse.MoveAsync(0, 0);
        await supervisor.WaitForTimeoutAsync(300); // MudBlazor fades the enabled button's colour in
        await supervisor.SaveScreenshotAsync(nameof(ApprovalBrowserTests) + ".approvals");
        await card.GetByTestId("approve").ClickAsync();
        await supervisor.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "承認する" }).ClickAsync();

        await Assertions.Expect(supervisor.GetByTestId("approval-result")).ToContainTextAsync("現在の安否は「死亡」です。");
        await Assertions.Expect(card).ToHaveCountAsync(0);
        if (before == 1)
        {
            await Assertions.Expect(supervisor.GetByTestId("nav-approvals-count")).ToHaveCountAsync(0);
        }
        else
        {
            await Assertions.Expect(supervisor.GetByTestId("nav-approvals-count")).ToHaveTextAsync((before - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // The resident now shows 死亡, and the history keeps who approved it and on what evidence.
        await supervisor.GotoInteractiveAsync("/residents/AP001");
        await Assertions.Expect(supervisor.GetByTestId("current-status").GetByTestId("status-chip")).ToHaveTextAsync("死亡");
        await Assertions.Expect(supervisor.GetByTestId("current-status").GetByTestId("pending-chip")).ToHaveCountAsync(0);
        await Assertions.Expect(supervisor.GetByTestId("approval-state")).ToContainTextAsync("承認済み");
        await Assertions.Expect(supervisor.GetByTestId("history")).ToContainTextAsync("いわき中央警察署に電話で確認");
        await supervisor.SaveScreenshotAsync(nameof(ApprovalBrowserTests) + ".approved");
        Assert.True(problems.Count + supervisorProblems.Count == 0, string.Join(Environment.NewLine, problems.Concat(supervisorProblems)));
        await page.Context.CloseAsync();
        await supervisor.Context.CloseAsync();
    }
}
