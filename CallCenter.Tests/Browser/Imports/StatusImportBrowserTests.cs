using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Browser.Calls;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Imports;

[Collection(BrowserCollection.Name)]
public sealed class StatusImportBrowserTests(BrowserFixture browser)
{
    // Names no other browser test registers, so the shared app's data cannot make a line ambiguous.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        B6001,BH61,世帯主,鴫原 ハツエ,シギハラ ハツエ,昭和12年4月5日,女,浜区,汐見町浜5-1,0240-55-1001
        B6002,BH61,子,鴫原 健一,シギハラ ケンイチ,1965-10-10,男,浜区,汐見町浜5-1,090-5555-1002
        B6003,BH62,世帯主,猪狩 美代子,イガリ ミヨコ,1948-02-02,女,浜区,汐見町浜6-2,
        B6004,BH63,世帯主,猪狩 美代子,イガリ ミヨコ,1972-12-12,女,山区,汐見町山6-3,
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Supervisor_PreviewsAndCommitsAShelterList_And_OperatorWorksTheReviewQueue()
    {
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register)))
        {
            Assert.True((await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false)).Committed);
        }
        var confirmed = JapanTime.Today(TimeProvider.System).AddDays(-1);
        var day = JapaneseDates.FormatWestern(confirmed);
        // A shelter's list as host towns sent them: Shift_JIS, 和暦 birth dates, half-width kana from an old system.
        var list = string.Join("\r\n",
            "住民番号,氏名,氏名カナ,生年月日,性別,安否,避難先種別,都道府県,市区町村,避難先,連絡先,確認日",
            $"B6001,鴫原 ハツエ,シギハラ ハツエ,S12.4.5,女,無事,避難所,福島県,会津若松市,会津若松市立第一中学校 体育館,0242-22-1001,{day}",
            $",鴫原 健一,ｼｷﾞﾊﾗ ｹﾝｲﾁ,昭和40年10月10日,男,負傷,病院,福島県,会津若松市,竹田総合病院,090-5555-1002,{day}",
            $",猪狩 美代子,イガリ ミヨコ,,女,無事,避難所,福島県,会津若松市,会津若松市立第一中学校 体育館,,{day}",
            $",標葉 勇,シネハ イサム,昭和30年6月1日,男,無事,避難所,福島県,会津若松市,会津若松市立第一中学校 体育館,,{day}",
            $"B6001,猪狩 トメ,イガリ トメ,大正15年1月1日,女,無事,避難所,福島県,会津若松市,会津若松市立第一中学校 体育館,,{day}",
            "");
        var bytes = TextEncodingDetector.Cp932.GetBytes(list);

        var page = await browser.NewPageAsync();
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-supervisor", returnPath: "/imports/status");
        await page.Locator("[data-testid=file-picker][data-ready=true]").WaitForAsync();
        await page.GetByTestId("status-file").SetInputFilesAsync(new FilePayload
        {
            Name = "会津若松市第一中避難所名簿.csv", MimeType = "text/csv", Buffer = bytes,
        });

        await Assertions.Expect(page.GetByTestId("count-matched")).ToContainTextAsync("一致 2");
        await Assertions.Expect(page.GetByTestId("count-ambiguous")).ToContainTextAsync("2");
        await Assertions.Expect(page.GetByTestId("count-unmatched")).ToContainTextAsync("1");
        await Assertions.Expect(page.GetByTestId("preview")).ToContainTextAsync("CP932");
        await Assertions.Expect(page.GetByTestId("preview-line-6")).ToContainTextAsync("住民番号と氏名が一致しない");
        await Assertions.Expect(page.GetByTestId("preview-line-3")).ToContainTextAsync("B6002");
        await page.SaveScreenshotAsync(nameof(StatusImportBrowserTests) + ".preview");
        await using (var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM SafetyReports sr JOIN Residents r ON r.ResidentId = sr.ResidentId WHERE r.ResidentNo LIKE 'B60%'"));
        }

        // Alt+I, the button's shortcut (取り込む(I)), as the README's keyboard table says.
        await page.Keyboard.PressAsync("Alt+i");

        await Assertions.Expect(page.GetByTestId("import-result")).ToContainTextAsync("安否を記録 2 件、照合待ち 3 件");
        await page.SaveScreenshotAsync(nameof(StatusImportBrowserTests) + ".committed");
        // The same file again writes nothing.
        await page.GetByTestId("status-file").SetInputFilesAsync(new FilePayload
        {
            Name = "会津若松市第一中避難所名簿.csv", MimeType = "text/csv", Buffer = bytes,
        });
        await Assertions.Expect(page.GetByTestId("count-already")).ToContainTextAsync("取り込み済み 5");
        await Assertions.Expect(page.GetByTestId("file-imported-before")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("commit-import")).ToBeDisabledAsync();

        var operatorPage = await browser.NewPageAsync();
        problems.AddRange(RecordCallBrowserTests.WatchForProblems(operatorPage));
        await operatorPage.SignInAsync("test-operator", returnPath: "/imports/review");
        await Assertions.Expect(operatorPage.GetByTestId("nav-review")).ToContainTextAsync("名簿照合（");
        var ambiguous = operatorPage.Locator(".review-item", new PageLocatorOptions { HasText = "猪狩 美代子" });
        var unmatched = operatorPage.Locator(".review-item", new PageLocatorOptions { HasText = "標葉 勇" });
        var conflicting = operatorPage.Locator(".review-item", new PageLocatorOptions { HasText = "猪狩 トメ" });
        await Assertions.Expect(ambiguous.GetByTestId("candidate-B6003")).ToBeVisibleAsync();
        await Assertions.Expect(ambiguous.GetByTestId("candidate-B6004")).ToBeVisibleAsync();
        await Assertions.Expect(conflicting.GetByTestId("review-reason")).ToHaveTextAsync("住民番号と氏名が一致しない");
        await operatorPage.SaveScreenshotAsync(nameof(StatusImportBrowserTests) + ".review");

        // The operator phoned the shelter: the 猪狩 美代子 there was born in 1972.
        await ambiguous.GetByTestId("candidate-B6004").GetByTestId("choose").ClickAsync();
        await Assertions.Expect(operatorPage.Locator(".mud-dialog")).ToContainTextAsync("B6004");
        await operatorPage.SaveScreenshotAsync(nameof(StatusImportBrowserTests) + ".choose");
        await operatorPage.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "記録する" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("review-result")).ToContainTextAsync("B6004");
        await Assertions.Expect(ambiguous).ToHaveCountAsync(0);

        await unmatched.GetByTestId("create-provisional").ClickAsync();
        await operatorPage.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "仮登録して記録" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("review-result")).ToContainTextAsync("仮登録");
        await Assertions.Expect(unmatched).ToHaveCountAsync(0);

        await conflicting.GetByTestId("skip-reason").FillAsync("住民番号の記入誤り。避難所に確認し、町外の方と判明");
        await conflicting.GetByTestId("skip").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("review-result")).ToContainTextAsync("対象外");
        await Assertions.Expect(conflicting).ToHaveCountAsync(0);
        await operatorPage.SaveScreenshotAsync(nameof(StatusImportBrowserTests) + ".reviewed");

        await using (var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync())
        {
            var statuses = (await connection.QueryAsync<(string No, long Status, string? Place)>(
                "SELECT ResidentNo, Status, Place FROM Residents WHERE ResidentNo LIKE 'B60%' ORDER BY ResidentNo")).ToList();
            Assert.Equal([
                ("B6001", (long)SafetyStatus.Safe, "会津若松市立第一中学校 体育館"),
                ("B6002", (long)SafetyStatus.Injured, "竹田総合病院"),
                ("B6003", (long)SafetyStatus.Unconfirmed, null),
                ("B6004", (long)SafetyStatus.Safe, "会津若松市立第一中学校 体育館"),
            ], statuses);
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM Residents WHERE IsProvisional = 1 AND FamilyName = '標葉' AND GivenName = '勇' AND Status = 1"));
            Assert.Equal(4, await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM SafetyReports sr JOIN StatusImportRows r ON r.ReportId = sr.ReportId WHERE sr.Source = 4 AND r.FamilyName IN ('鴫原', '猪狩', '標葉')"));
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
        await operatorPage.Context.CloseAsync();
    }
}
