using System.Globalization;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Imports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Exports;

[Collection(BrowserCollection.Name)]
public sealed class ExportsBrowserTests(BrowserFixture browser)
{
    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Supervisor_ExportsCp932_SeesTheGetaReport_And_DownloadsTheFileOnce()
    {
        // A district of their own: the export holds exactly these three residents, in resident-number order.
        var n = Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var district = $"請戸{n}区";
        var register = string.Join("\r\n",
            "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由",
            $"E{n}1,EH{n}1,世帯主,髙橋 一郎,タカハシ イチロウ,昭和23年4月5日,男,{district},福島県双葉郡汐見町大字請戸12-3,0240-35-1201,0,",
            $"E{n}2,EH{n}1,母,𠮷田 ハル,ヨシダ ハル,大正15年2月3日,女,{district},福島県双葉郡汐見町大字請戸12-3,,1,独居・要介護2",
            $"E{n}3,EH{n}2,世帯主,山﨑 健太,ヤマサキ ケンタ,平成2年1月8日,男,{district},福島県双葉郡汐見町大字請戸15-1,090-1234-5678,0,",
            "");
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(register)))
        {
            Assert.True((await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false)).Committed);
        }

        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-supervisor", returnPath: "/exports");
        await Expect(page.GetByTestId("nav")).ToContainTextAsync("CSV出力");
        await page.GetByTestId("export-district").FillAsync(district);
        await page.GetByTestId("export-district").PressAsync("Escape");
        await page.GetByText("Shift_JIS（CP932・旧システム向け）").ClickAsync();
        await page.GetByText("和暦（令和8年3月1日）").ClickAsync();
        // The progress panel is rendered while the file is written; it may be gone again within milliseconds,
        // so record every element added to the page rather than looking at one moment.
        await page.EvaluateAsync("""
            () => {
                window.sawProgress = false;
                new MutationObserver(records => {
                    for (const r of records) for (const n of r.addedNodes)
                        if (n.nodeType === 1 && (n.matches('[data-testid=export-progress]') || n.querySelector('[data-testid=export-progress]')))
                            window.sawProgress = true;
                }).observe(document.body, { childList: true, subtree: true });
            }
            """);
        await page.GetByTestId("export-create").ClickAsync();

        var summary = page.GetByTestId("export-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(page.GetByTestId("export-rows")).ToContainTextAsync("3 行を書き出しました");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sawProgress"), "the progress panel was never shown");
        await Expect(page.GetByTestId("export-rows")).ToContainTextAsync("Shift_JIS（CP932）");
        await Expect(page.GetByTestId("export-replaced-warning")).ToContainTextAsync("1 文字");
        await Expect(page.GetByTestId("export-replaced-warning")).ToContainTextAsync("UTF-8");
        var replaced = page.GetByTestId("export-replaced-row");
        await Expect(replaced).ToHaveCountAsync(1);
        var cells = await replaced.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["3", "2", "氏名", "𠮷", "𠮷田　ハル"], cells);
        await page.SaveScreenshotAsync(nameof(ExportsBrowserTests) + ".cp932-summary");

        // The link is bound to the supervisor who made it: another user's session is refused.
        var href = await page.GetByTestId("export-download").GetAttributeAsync("href");
        Assert.StartsWith("/exports/files/", href, StringComparison.Ordinal);
        var admin = await browser.NewPageAsync();
        await admin.SignInAsync("test-admin");
        Assert.Equal(404, (await admin.Context.APIRequest.GetAsync(href!)).Status);
        await admin.Context.CloseAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        Assert.Equal($"住民の安否一覧_{Today():yyyyMMdd}.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.NotEqual(0xEF, bytes[0]);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var strict = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var text = strict.GetString(bytes);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var lines = text[..^2].Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由,安否", lines[0], StringComparison.Ordinal);
        // The reported row: Excel row 3 = the third line; the 氏名 column holds the 〓.
        var row = lines[2].Split(',');
        Assert.Equal($"E{n}2", row[0]);
        Assert.Equal("〓田　ハル", row[3]);
        Assert.Equal("大正15年2月3日", row[5]);
        Assert.Equal("髙橋　一郎", lines[1].Split(',')[3]);
        Assert.Equal("山﨑　健太", lines[3].Split(',')[3]);

        await Expect(page.GetByTestId("export-downloaded")).ToBeVisibleAsync();
        // Once: the file is gone from the server.
        Assert.Equal(404, (await page.Context.APIRequest.GetAsync(href!)).Status);

        // The same export in UTF-8 keeps 𠮷 and starts with the BOM Excel needs.
        await page.GetByText("UTF-8（BOM付き・Excel向け）").ClickAsync();
        await page.GetByTestId("export-create").ClickAsync();
        await Expect(page.GetByTestId("export-rows")).ToContainTextAsync("UTF-8（BOM付き）");
        await Expect(page.GetByTestId("export-replaced-warning")).ToHaveCountAsync(0);
        var utf8 = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        var utf8Bytes = await File.ReadAllBytesAsync((await utf8.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, utf8Bytes[..3]);
        Assert.Contains("𠮷田　ハル", Encoding.UTF8.GetString(utf8Bytes), StringComparison.Ordinal);

        // Audited like the HTTP exports: filter, rows, encoding, replaced characters.
        var audit = await Services.GetRequiredService<AuditRepository>().RecentAsync(take: 200);
        var rows = audit.Where(a => a.Action == AuditActions.Export && a.Details!.Contains($"行政区 {district}", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, a => a.UserName == "test-supervisor" && a.Details!.Contains("・3行・文字コード Shift_JIS（CP932）・日付は和暦・〓に置き換えた文字 1個・出力画面から", StringComparison.Ordinal));
        await Security.BrowserWatch.AssertNothingStoredAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Supervisor_ExportsCallsOfAPeriod_And_BadDatesAreExplained()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-supervisor", returnPath: "/exports");
        await page.GetByTestId("export-kind").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "通話記録" }).First.ClickAsync();
        await page.GetByTestId("export-from").FillAsync("令和8年3月32日");
        await page.GetByTestId("export-create").ClickAsync();
        await Expect(page.GetByTestId("export-error")).ToContainTextAsync("開始日");
        await page.GetByTestId("export-from").FillAsync("2026/03/12");
        await page.GetByTestId("export-to").FillAsync(Today().ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));
        await page.GetByTestId("export-create").ClickAsync();
        await Expect(page.GetByTestId("export-rows")).ToContainTextAsync("行を書き出しました");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        Assert.Equal($"通話記録_20260312-{Today():yyyyMMdd}.csv", download.SuggestedFilename);
        var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.StartsWith("\uFEFF通話ID,開始日時,種別,相手", text, StringComparison.Ordinal);
        await page.SaveScreenshotAsync(nameof(ExportsBrowserTests) + ".calls");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Supervisor_ExportsAnXlsx_ThatKeepsLeadingZerosAndEraDates()
    {
        var n = Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var district = $"中浜{n}区";
        var register = string.Join("\r\n",
            "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由",
            $"0{n}1,0H{n}1,世帯主,髙橋 一郎,タカハシ イチロウ,昭和23年4月5日,男,{district},福島県双葉郡汐見町大字中浜12-3,0240-35-1201,0,",
            $"0{n}2,0H{n}1,母,𠮷田 ハル,ヨシダ ハル,大正15年2月3日,女,{district},福島県双葉郡汐見町大字中浜12-3,,1,独居・要介護2",
            $"0{n}3,0H{n}2,世帯主,山﨑 健太,ヤマサキ ケンタ,平成2年1月8日,男,{district},福島県双葉郡汐見町大字中浜15-1,090-1234-5678,0,",
            "");
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(register)))
        {
            Assert.True((await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false)).Committed);
        }

        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        await page.SignInAsync("test-supervisor", returnPath: "/exports");
        await page.GetByTestId("export-district").FillAsync(district);
        await page.GetByTestId("export-district").PressAsync("Escape");
        await page.GetByText("Excel（.xlsx・開いてそのまま読む）").ClickAsync();
        await Expect(page.GetByTestId("export-encoding").Locator("input[type=radio]").First).ToBeDisabledAsync();
        await page.GetByText("和暦（令和8年3月1日）").ClickAsync();
        await page.GetByTestId("export-create").ClickAsync();

        await Expect(page.GetByTestId("export-rows")).ToContainTextAsync("3 行を書き出しました");
        await Expect(page.GetByTestId("export-rows")).ToContainTextAsync("Excel形式");
        await page.SaveScreenshotAsync(nameof(ExportsBrowserTests) + ".xlsx-summary", fullPage: false);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        Assert.Equal($"住民の安否一覧_{Today():yyyyMMdd}.xlsx", download.SuggestedFilename);
        var book = new CallCenter.Tests.Data.Exports.XlsxWorkbook(await File.ReadAllBytesAsync((await download.PathAsync())!));
        var sheet = Assert.Single(book.Sheets);
        Assert.Equal(("住民の安否一覧", 4), (sheet.Name, sheet.Rows.Count));
        Assert.Equal(($"0{n}1", true), (sheet.Cell(1, "住民番号")!.Value, sheet.Cell(1, "住民番号")!.IsText));
        Assert.Equal("𠮷田　ハル", sheet.Cell(2, "氏名")!.Value);
        Assert.Equal(new DateTime(1926, 2, 3), sheet.Cell(2, "生年月日")!.Date);
        Assert.Equal(CallCenter.Data.Exports.XlsxExportWriter.EraDateFormat, book.NumberFormat(sheet.Cell(2, "生年月日")!));

        var audit = await Services.GetRequiredService<AuditRepository>().RecentAsync(take: 200);
        var row = Assert.Single(audit, a => a.Action == AuditActions.Export && a.Details!.Contains(district, StringComparison.Ordinal));
        Assert.Equal($"行政区 {district}・3行・Excel形式・日付は和暦・出力画面から", row.Details);
        await page.Context.CloseAsync();
    }

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
}
