using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Browser.Calls;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Intentions;

/// <summary>
/// Issue 17 (part C) in Chromium: an operator records a household's intention in a call (Alt+K to 帰還意向), the
/// resident page shows it; a supervisor checks a postal-returns file on the upload page and imports it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IntentionBrowserTests(BrowserFixture browser)
{
    // Numbers start with I so other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        I4001,IH01,世帯主,志賀 正雄,シガ マサオ,昭和23年3月3日,男,請戸,請戸字南2-1,0240-35-4001
        I4002,IH01,妻,志賀 幸子,シガ サチコ,昭和26年7月7日,女,請戸,請戸字南2-1,
        I4101,IH02,世帯主,鈴木 康夫,スズキ ヤスオ,1961-04-20,男,熊川,熊川字東3-3,0240-32-4101
        I4201,IH03,世帯主,渡部 典子,ワタナベ ノリコ,1972-10-05,女,中浜,中浜字西5-8,090-4201-4201
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Operator_RecordsTheIntention_InACall_WithAltK()
    {
        await PrepareAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator", returnPath: "/residents/I4001/call");
        await page.WaitForInteractiveAsync();
        await page.WaitForCallFormKeysAsync();

        await page.GetByTestId("caller-name").FillAsync("志賀 正雄");
        await page.Keyboard.PressAsync("Alt+y");
        // The operator sees the focus land on 要件 before choosing (once, in CI, "1" reached the name box instead).
        await page.WaitForFunctionAsync("() => document.activeElement?.closest('[data-testid=\"wrap-up\"]') != null");
        await page.Keyboard.PressAsync("1");
        var head = page.GetByTestId("member-I4001");
        await RecordCallBrowserTests.SelectAsync(page, head, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(page, head, "避難先種別", "親族・知人宅");
        await head.GetByTestId("prefecture").FillAsync("福島県");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync("福島県");
        await head.GetByTestId("prefecture").PressAsync("Tab");
        await head.GetByTestId("municipality").FillAsync("いわき市");

        // Alt+K: straight to 帰還意向, chosen with the keyboard.
        await page.Keyboard.PressAsync("Alt+k");
        var choice = page.GetByTestId("intention-choice");
        await Assertions.Expect(choice).ToBeFocusedAsync();
        await choice.SelectOptionAsync("戻らないと決めている");
        var reasons = page.GetByTestId("intention-reasons");
        await reasons.GetByLabel("避難先で生活基盤ができた").CheckAsync();
        await reasons.GetByLabel("医療環境への不安").CheckAsync();
        await page.GetByTestId("intention-housing").SelectOptionAsync("賃貸");
        await page.Mouse.MoveAsync(0, 0);
        await page.GetByTestId("intention-section").ScrollIntoViewIfNeededAsync();
        await page.SaveScreenshotAsync(nameof(IntentionBrowserTests) + ".call-form-1366x768", fullPage: false);

        await page.Keyboard.PressAsync("Control+Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/I4001$"));
        await Assertions.Expect(page.GetByTestId("intention-counting")).ToContainTextAsync("戻らないと決めている");
        await Assertions.Expect(page.GetByTestId("intention-counting")).ToContainTextAsync("電話・回答者 志賀 正雄");
        await page.GetByTestId("intention-counting").ScrollIntoViewIfNeededAsync();
        await page.SaveScreenshotAsync(nameof(IntentionBrowserTests) + ".resident-panel-1366x768", fullPage: false);
        await using (var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync())
        {
            var answer = await connection.QuerySingleAsync<(long Reasons, long Channel, long? CallId)>("""
                SELECT a.Reasons, a.Channel, a.CallId
                  FROM IntentionAnswers a JOIN Households h ON h.HouseholdId = a.HouseholdId
                 WHERE h.HouseholdNo = 'IH01'
                """);
            Assert.Equal((1L | 8L, 1L), (answer.Reasons, answer.Channel));
            Assert.NotNull(answer.CallId);
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Supervisor_ChecksAndImports_PostalReturns()
    {
        await PrepareAsync();
        var round = await CurrentRoundAsync();
        var today = CallCenter.Data.Common.JapanTime.Today(TimeProvider.System);
        var csv = string.Join("\r\n",
            "世帯番号,住民番号,回答日,帰還意向,判断に必要なこと,戻らない理由,希望する住まい,回答者,経路",
            $"IH02,,{today.AddDays(-3):yyyy/MM/dd},判断がつかない,働く場の確保;医療・介護福祉施設の再開,,未定,鈴木 康夫,",
            $",I4201,{today.AddDays(-2):yyyy/MM/dd},戻りたい,住宅再建の支援、学校の再開,,持ち家,渡部 典子,郵送",
            "");
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-supervisor", returnPath: "/intentions/import");
        await page.Locator("[data-testid=file-picker][data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("import-round")).ToHaveValueAsync(round);

        await page.GetByTestId("intention-file").SetInputFilesAsync(new FilePayload
        {
            Name = "帰還意向調査_郵送回答.csv", MimeType = "text/csv", Buffer = TextEncodingDetector.Cp932.GetBytes(csv),
        });

        await Assertions.Expect(page.GetByTestId("import-preview-counts")).ToContainTextAsync("新規 2 世帯・更新 0 世帯・変更なし 0 行");
        await Assertions.Expect(page.GetByTestId("import-preview-counts")).ToContainTextAsync("CP932");
        await Assertions.Expect(page.GetByTestId("import-line")).ToHaveCountAsync(2);
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(IntentionBrowserTests) + ".import-preview-1366x768", fullPage: false);

        await page.Keyboard.PressAsync("Alt+i");

        await Assertions.Expect(page.GetByTestId("import-result")).ToContainTextAsync("新規 2 世帯・更新 0 世帯・変更なし 0 行");
        await page.SaveScreenshotAsync(nameof(IntentionBrowserTests) + ".import-committed-1366x768", fullPage: false);

        await page.GotoAsync("/intentions/rounds");
        await Assertions.Expect(page.GetByTestId("round-row").Filter(new() { HasText = round }).GetByTestId("round-answered")).Not.ToHaveTextAsync("0");
        await page.SaveScreenshotAsync(nameof(IntentionBrowserTests) + ".rounds-1366x768", fullPage: false);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
    }

    private async Task<string> CurrentRoundAsync() =>
        (await Services.GetRequiredService<SurveyRounds>().CurrentAsync())!.Name;

    private async Task PrepareAsync()
    {
        if (await Services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>().FindIdByNumberAsync("I4001") is null)
        {
            using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register));
            var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
            Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
        }
        var rounds = Services.GetRequiredService<SurveyRounds>();
        if (await rounds.CurrentAsync() is null)
        {
            Assert.Null(await rounds.CreateAsync("2026年度", new OperatorContext(null, "browser-test", null)));
        }
    }
}
