using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CallCenter.Tests.Browser.Calls;

/// <summary>
/// Issue 14, item 8: the typical inbound call, measured. 「佐藤健一です、昭和45年生まれです。妻と二人、郡山の親戚の家にいて
/// 無事です」 over a register where 佐藤 repeats hundreds of times: search by family name and era year, open, the call
/// form, two members 無事 at a relative's home in 郡山市, 要件, save. Every key press and click goes through
/// <see cref="CountingOperator"/>, so the counts are exact and asserted: at most 30 keystrokes and 6 clicks.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeasuredCallBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Keystrokes of the flow as the test drives it (a chord such as Ctrl+Enter counts its keys: 2).</summary>
    public const int ExpectedKeystrokes = 27;

    /// <summary>Mouse clicks of the flow.</summary>
    public const int ExpectedClicks = 6;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task TypicalInboundCall_TakesAtMost30KeystrokesAnd6Clicks()
    {
        await ImportAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator");
        var search = page.GetByTestId("search-input");
        await Assertions.Expect(search).ToBeFocusedAsync();
        var op = new CountingOperator(page);
        var clock = Stopwatch.StartNew();

        // 「佐藤です、昭和45年生まれです」: the family name and the era year, no space; the one born then is first.
        await op.TypeAsync("佐藤S45");
        var first = page.GetByTestId("search-result").First;
        await Assertions.Expect(first).ToHaveAttributeAsync("data-resident-no", "M0001");
        await op.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/M0001$"));
        await Assertions.Expect(page.GetByTestId("record-call")).ToBeVisibleAsync();

        // The call form, from the resident page by its shortcut.
        await op.PressAsync("Alt+r");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/M0001/call$"));
        await Assertions.Expect(page.GetByTestId("caller-name")).ToBeFocusedAsync();

        // The caller is the person himself: Tab past 氏名 and 電話番号 to 関係, 本人 Enter fills his name.
        await op.PressAsync("Tab");
        await op.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("caller-relation")).ToBeFocusedAsync();
        await op.TypeAsync("本人");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync("本人");
        await op.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("caller-name")).ToHaveValueAsync("佐藤　健一");

        // 要件 安否報告: Alt+Y, then its digit.
        await op.PressAsync("Alt+y");
        await op.PressAsync("1");
        var report = page.GetByTestId("wrap-up").GetByRole(AriaRole.Radio, new() { Name = "安否報告" });
        await Assertions.Expect(report).ToBeCheckedAsync();
        await Assertions.Expect(report).ToBeFocusedAsync();

        // His own report: Tab to 安否, ↓ takes 無事 (the first); 避難先種別 親族・知人宅 by two clicks (open the list, pick);
        // Tab to 都道府県, 福島 and a click on 福島県; a click on 市区町村, 郡山市.
        var head = page.GetByTestId("member-M0001");
        await op.PressAsync("Tab");
        await op.PressAsync("Tab");
        await Assertions.Expect(head.GetByTestId("status")).ToBeFocusedAsync();
        await op.PressAsync("ArrowDown");
        await Assertions.Expect(head.GetByTestId("status")).ToHaveValueAsync("無事");
        await op.PickAsync(head.GetByTestId("whereabouts-type"), "親族・知人宅");
        await Assertions.Expect(head.GetByTestId("whereabouts-type")).ToHaveValueAsync("親族・知人宅");
        await op.PressAsync("Tab");
        await Assertions.Expect(head.GetByTestId("prefecture")).ToBeFocusedAsync();
        await op.TypeAsync("福島");
        await op.ClickAsync(page.Locator(".mud-popover-open .mud-list-item").GetByText("福島県", new() { Exact = true }));
        await Assertions.Expect(head.GetByTestId("prefecture")).ToHaveValueAsync("福島県");
        await op.ClickAsync(head.GetByTestId("municipality"));
        await op.TypeAsync("郡山市");

        // His wife too: tick her, then 「全員に同じ安否・避難先」.
        await op.ClickAsync(page.GetByTestId("member-M0002").GetByTestId("member-check"));
        await op.ClickAsync(head.GetByTestId("copy-to-all"));
        var wife = page.GetByTestId("member-M0002");
        await Assertions.Expect(wife.GetByTestId("municipality")).ToHaveValueAsync("郡山市");
        await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("2 人を記録");
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForTimeoutAsync(300); // the copied fields' labels float up with a short transition
        await page.SaveScreenshotAsync(nameof(MeasuredCallBrowserTests) + ".form-1366x768", fullPage: false);

        await op.PressAsync("Control+Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/M0001$"));
        clock.Stop();

        var rows = await ReportsAsync();
        Assert.Equal(
            [("M0001", SafetyStatus.Safe, WhereaboutsType.RelativeHome, (byte?)7, "郡山市"), ("M0002", SafetyStatus.Safe, WhereaboutsType.RelativeHome, (byte?)7, "郡山市")],
            rows.Select(r => (r.ResidentNo, r.Status, r.WhereaboutsType, r.PrefectureCode, r.Municipality)).ToArray());
        var call = await CallAsync();
        Assert.Equal(("佐藤　健一", "本人", "安否報告"), (call.CallerName, call.CallerRelation, call.Label));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"measured inbound call: {op.Keystrokes} keystrokes, {op.Clicks} clicks, {clock.Elapsed.TotalSeconds:0.0} s as driven by the test"));

        Assert.Equal((ExpectedKeystrokes, ExpectedClicks), (op.Keystrokes, op.Clicks));
        Assert.InRange(op.Keystrokes, 0, 30);
        Assert.InRange(op.Clicks, 0, 6);
        await page.Context.CloseAsync();
    }

    /// <summary>Drives the page and counts: each character typed is one keystroke, each key of a chord one, each click one.</summary>
    private sealed class CountingOperator(IPage page)
    {
        public int Keystrokes { get; private set; }

        public int Clicks { get; private set; }

        public async Task TypeAsync(string text)
        {
            await page.Keyboard.TypeAsync(text);
            Keystrokes += new StringInfo(text).LengthInTextElements;
        }

        public async Task PressAsync(string chord)
        {
            await page.Keyboard.PressAsync(chord);
            Keystrokes += chord.Split('+').Length;
        }

        public async Task ClickAsync(ILocator target)
        {
            await target.ClickAsync();
            Clicks++;
        }

        /// <summary>A native select's option by the mouse: one click opens the list, one picks the option.</summary>
        public async Task PickAsync(ILocator select, string option)
        {
            await select.FocusAsync();
            await select.SelectOptionAsync(new SelectOptionValue { Label = option });
            Clicks += 2;
        }
    }

    private async Task ImportAsync()
    {
        if (await Services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>().FindIdByNumberAsync("M0001") is not null)
        {
            return;
        }
        // 300 households of 佐藤 (numbers start with M so other browser tests' registers do not collide); only the
        // caller was born in 昭和45年 (1970).
        var csv = new StringBuilder("住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号\n");
        csv.Append("M0001,MH000,世帯主,佐藤 健一,サトウ ケンイチ,昭和45年3月12日,男,熊川,熊川字本町2-8,0240-32-4455\n");
        csv.Append("M0002,MH000,妻,佐藤 美香,サトウ ミカ,昭和47年8月30日,女,熊川,熊川字本町2-8,\n");
        string[] given = ["一郎", "花子", "健二", "美咲", "正", "和子", "翔太", "陽子", "誠", "恵子"];
        string[] givenKana = ["イチロウ", "ハナコ", "ケンジ", "ミサキ", "タダシ", "カズコ", "ショウタ", "ヨウコ", "マコト", "ケイコ"];
        for (var i = 1; i <= 300; i++)
        {
            var year = 1930 + (i * 7 % 80);
            year = year == 1970 ? 1971 : year;
            csv.Append(CultureInfo.InvariantCulture,
                $"M{i + 2:0000},MH{i:000},世帯主,佐藤 {given[i % given.Length]},サトウ {givenKana[i % given.Length]},{year}-{1 + i % 12:00}-{1 + i % 28:00},{(i % 2 == 0 ? "男" : "女")},熊川,熊川字本町{i},\n");
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(stream, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    private async Task<List<Report>> ReportsAsync()
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return (await connection.QueryAsync<Report>("""
              SELECT r.ResidentNo, s.Status, s.WhereaboutsType, s.PrefectureCode, s.Municipality
                FROM SafetyReports s
                JOIN Residents r ON r.ResidentId = s.ResidentId
               WHERE r.ResidentNo IN ('M0001', 'M0002')
            ORDER BY r.ResidentNo
            """)).ToList();
    }

    private async Task<StoredCall> CallAsync()
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return await connection.QuerySingleAsync<StoredCall>("""
            SELECT c.CallerName, c.CallerRelation, w.Label
              FROM Calls c
              JOIN CallResidents cr ON cr.CallId = c.CallId
              JOIN Residents r ON r.ResidentId = cr.ResidentId
              LEFT JOIN WrapUpCodes w ON w.WrapUpCodeId = c.WrapUpCodeId
             WHERE r.ResidentNo = 'M0001'
            """);
    }

    private sealed class Report
    {
        public string ResidentNo { get; init; } = "";
        public SafetyStatus Status { get; init; }
        public WhereaboutsType? WhereaboutsType { get; init; }
        public byte? PrefectureCode { get; init; }
        public string? Municipality { get; init; }
    }

    private sealed class StoredCall
    {
        public string? CallerName { get; init; }
        public string? CallerRelation { get; init; }
        public string? Label { get; init; }
    }
}
