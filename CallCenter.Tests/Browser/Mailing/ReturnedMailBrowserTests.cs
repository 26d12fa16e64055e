using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Outbound;
using CallCenter.Tests.Browser.Calls;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Mailing;
using CallCenter.Data.Towns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Mailing;

/// <summary>
/// Issue 18 (part D) in Chromium: a clerk records returned letters on /mailing/returned (an unknown number in the paste
/// → nothing recorded; then the real one), and the household comes up on an operator's worklist as 再確認（優先）
/// with 宛所不明 and the date on its card.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReturnedMailBrowserTests(BrowserFixture browser)
{
    // Two confirmed households of 夫沢 (numbers start with MR so other browser tests' registers do not collide).
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        MR0101,MRH01,世帯主,松本 正一,マツモト ショウイチ,1958-05-12,男,夫沢,夫沢字東台12,0240-32-5101
        MR0102,MRH01,妻,松本 和枝,マツモト カズエ,1961-09-30,女,夫沢,夫沢字東台12,
        MR0201,MRH02,世帯主,根本 礼子,ネモト レイコ,1980-02-14,女,夫沢,夫沢字西台3,090-5202-5201
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task AReturnedLetter_PutsTheHouseholdOnTheWorklist_AsReconfirmFirst()
    {
        await PrepareAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator", returnPath: "/mailing/returned");

        // A paste with a number that does not exist: nothing is recorded, the number is named.
        await page.GetByTestId("returned-numbers").FillAsync("MRH01\nMRH99");
        await page.GetByTestId("returned-note").FillAsync("「あて所に尋ねあたりません」の付箋");
        await page.GetByTestId("returned-record").ClickAsync();
        await Assertions.Expect(page.GetByTestId("returned-message")).ToContainTextAsync("見つからない世帯番号があります（1件）: MRH99。");
        await Assertions.Expect(page.GetByTestId("returned-message")).ToContainTextAsync("何も記録していません。");
        Assert.Null(await ReturnedMailTestData.ReturnedOnAsync(Connections, "MRH01"));
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForTimeoutAsync(300); // MudBlazor's label transitions
        await page.SaveScreenshotAsync(nameof(ReturnedMailBrowserTests) + ".unknown-number", fullPage: false);

        await page.GetByTestId("returned-numbers").FillAsync("MRH01");
        await page.GetByTestId("returned-record").ClickAsync();
        await Assertions.Expect(page.GetByTestId("returned-message")).ToContainTextAsync("1 世帯の返戻を記録しました");
        var row = page.GetByTestId("returned-row").Filter(new LocatorFilterOptions { Has = page.Locator("td", new PageLocatorOptions { HasTextString = "MRH01" }) });
        await Assertions.Expect(row.First).ToContainTextAsync("宛所不明");
        await Assertions.Expect(row.First).ToContainTextAsync("〒963-8001 福島県郡山市富田町字上ノ台1-5");
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForTimeoutAsync(300);
        await page.SaveScreenshotAsync(nameof(ReturnedMailBrowserTests) + ".recorded", fullPage: false);
        var today = CallCenter.Data.Common.JapanTime.Today(TimeProvider.System);
        Assert.Equal(today, await ReturnedMailTestData.ReturnedOnAsync(Connections, "MRH01"));

        // The operator of 夫沢 gets it at 「次へ」, with the reason on the card.
        var worklist = await browser.NewPageAsync();
        await worklist.SetViewportSizeAsync(1366, 768);
        var worklistProblems = RecordCallBrowserTests.WatchForProblems(worklist);
        await worklist.SignInAsync("mail-operator", returnPath: "/outbound");
        await Assertions.Expect(worklist.GetByTestId("no-household")).ToBeVisibleAsync();
        await worklist.GetByTestId("next").ClickAsync();
        await Assertions.Expect(worklist.GetByTestId("household")).ToHaveAttributeAsync("data-household", "MRH01");
        await Assertions.Expect(worklist.GetByTestId("priority")).ToContainTextAsync("再確認（優先）");
        await Assertions.Expect(worklist.GetByTestId("mail-returned-reason")).ToContainTextAsync($"宛所不明（{today:yyyy/MM/dd} 返戻）");
        await worklist.Mouse.MoveAsync(0, 0);
        await worklist.WaitForTimeoutAsync(300);
        await worklist.SaveScreenshotAsync(nameof(ReturnedMailBrowserTests) + ".worklist", fullPage: false);

        // MRH02's address is fine: nothing else of 夫沢 is on the list.
        await worklist.GetByTestId("next").ClickAsync();
        await Assertions.Expect(worklist.GetByTestId("household")).ToHaveAttributeAsync("data-household", "MRH01");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(worklistProblems.Count == 0, string.Join(Environment.NewLine, worklistProblems));
    }

    private ConnectionFactory Connections => Services.GetRequiredService<ConnectionFactory>();

    private async Task PrepareAsync()
    {
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register)))
        {
            var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
            Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
        }
        // Everyone confirmed, so only the returned letter can put a household on the list.
        var recorder = new CallRecordingService(Connections, TimeProvider.System);
        foreach (var no in new[] { "MR0101", "MR0102", "MR0201" })
        {
            var resident = await CallTestData.ResidentAsync(Connections, no);
            var saved = await recorder.SaveAsync(CallTestData.Draft(CallTestData.Report(resident)), new OperatorContext(null, "inbound", "いわき"));
            Assert.True(saved.Saved, string.Join(" ", saved.Errors.Select(e => e.Message)));
        }
        await ReturnedMailTestData.AddressAsync(Connections, "MRH01", "松本 正一 様", "9638001", "福島県郡山市富田町字上ノ台1-5", "富田東応急仮設住宅 12-3",
            recordedAt: DateTime.UtcNow.AddDays(-20));
        await ReturnedMailTestData.AddressAsync(Connections, "MRH02", "根本 礼子 様", "9748001", "福島県いわき市錦町中央2-4", recordedAt: DateTime.UtcNow.AddDays(-20));
        // The district is this operator's alone, so the shared app's other households do not come first.
        var operatorId = await Services.GetRequiredService<UserRepository>().CreateAsync("mail-operator", "宛所 確認", UserRole.Operator, "いわき",
            CallCenter.Web.Security.SignInService.HashPassword(CallCenterAppFactory.TestPassword));
        Assert.Null(await Services.GetRequiredService<OutboundDistricts>().AssignAsync(TownScope.All, 1, "夫沢", operatorId, null, new OperatorContext(null, "test", null)));
        await Services.GetRequiredService<OutboundQueue>().RebuildAsync();
    }
}
