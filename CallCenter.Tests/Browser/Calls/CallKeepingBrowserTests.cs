using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Calls;

/// <summary>
/// Issue 14, items 3 and 4 in Chromium: a screen-pop opens the call form with the caller's number, 本人 fills the
/// caller's name, the timer ticks in the header, the 要件 is chosen with Alt+Y and a digit, Ctrl+Enter saves; the
/// resident page shows the call's 要件 and length; a supervisor edits the 要件 list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CallKeepingBrowserTests(BrowserFixture browser)
{
    // Numbers start with W so other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        W3001,WH01,世帯主,佐藤 正一,サトウ ショウイチ,昭和20年6月1日,男,請戸,請戸字北1-5,0240-35-2001
        W3002,WH01,妻,佐藤 和子,サトウ カズコ,昭和24年2月11日,女,請戸,請戸字北1-5,024-932-1234
        W3003,WH01,子,佐藤 翔太,サトウ ショウタ,1978-09-09,男,請戸,請戸字北1-5,090-5151-6262
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task ScreenPop_Honnin_Timer_And_WrapUpByKeyboard_RecordAnInboundCall()
    {
        await ImportAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        // What a PBX screen-pop opens (via /calls/new?phone=): the form for the person, with the caller's number.
        await page.SignInAsync("test-operator", returnPath: "/residents/W3002/call?phone=024-932-1234");
        await Assertions.Expect(page.GetByTestId("caller-phone")).ToHaveValueAsync("024-932-1234");
        await Assertions.Expect(page.GetByTestId("call-timer-text")).ToHaveTextAsync(new Regex("^00:0[1-9]$"));

        // The caller says she is 佐藤 和子 herself: Tab past name and number to the relation, 本人, Tab.
        await page.GetByTestId("caller-name").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("本人");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("caller-name")).ToHaveValueAsync("佐藤　和子");

        // 要件 from anywhere in the form: Alt+Y, then the digit on the chip (2 所在変更).
        await page.Keyboard.PressAsync("Alt+y");
        await page.Keyboard.PressAsync("2");
        var moved = page.GetByTestId("wrap-up").GetByRole(AriaRole.Radio, new() { Name = "所在変更" });
        await Assertions.Expect(moved).ToBeCheckedAsync();
        await Assertions.Expect(moved).ToBeFocusedAsync();

        var wife = page.GetByTestId("member-W3002");
        await RecordCallBrowserTests.SelectAsync(page, wife, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(page, wife, "避難先種別", "親族・知人宅");
        await wife.GetByTestId("prefecture").FillAsync("ふくしま");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync("福島県");
        await wife.GetByTestId("prefecture").PressAsync("Tab");
        await wife.GetByTestId("municipality").FillAsync("郡山市");
        await wife.GetByTestId("place").FillAsync("郡山市 長男の知人宅");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(CallKeepingBrowserTests) + ".call-form-1366x768", fullPage: false);
        var shown = await page.GetByTestId("call-timer-text").InnerTextAsync();
        Assert.Matches("^00:[0-5][0-9]$", shown);

        await wife.GetByTestId("place").PressAsync("Control+Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/W3002$"));
        var history = page.GetByTestId("call-row").First;
        await Assertions.Expect(history.GetByTestId("call-wrap-up")).ToHaveTextAsync("所在変更");
        await Assertions.Expect(history.GetByTestId("call-duration")).ToHaveTextAsync(new Regex("^[0-9]+秒$"));
        var call = await CallAsync();
        Assert.Equal(("佐藤　和子", "本人", "024-932-1234", "所在変更"), (call.CallerName, call.CallerRelation, call.CallerPhone, call.Label));
        Assert.True(call.EndedAt > call.StartedAt, $"{call.StartedAt:O} .. {call.EndedAt:O}");
        Assert.Equal("着信・要件 所在変更・1人", call.Audit);
        await page.SaveScreenshotAsync(nameof(CallKeepingBrowserTests) + ".resident-history");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Supervisor_AddsAndMovesACode_OnTheCodesPage()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-supervisor", returnPath: "/");
        await page.GetByTestId("nav-wrap-up-codes").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/calls/codes$"));
        await page.WaitForInteractiveAsync();

        const string label = "物資の要望";
        await page.GetByTestId("new-code").FillAsync(label);
        await page.GetByTestId("new-code").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("codes-message")).ToHaveTextAsync($"要件「{label}」を追加しました。着信の記録で選べます。");
        var row = page.GetByTestId("code-row").Filter(new() { HasText = label });
        await row.GetByTestId("code-up").ClickAsync();
        await Assertions.Expect(page.GetByTestId("codes-message")).ToContainTextAsync("上へ移しました");
        await page.GetByTestId("code-row").Filter(new() { HasText = "間違い電話" }).GetByTestId("code-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("code-row").Filter(new() { HasText = "間違い電話" }).GetByTestId("code-state")).ToHaveTextAsync("停止中");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(CallKeepingBrowserTests) + ".codes-1366x768", fullPage: false);

        // Put the shared list back for the other browser tests in this app.
        await page.GetByTestId("code-row").Filter(new() { HasText = "間違い電話" }).GetByTestId("code-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("code-row").Filter(new() { HasText = "間違い電話" }).GetByTestId("code-state")).ToHaveTextAsync("使用中");
        await page.GetByTestId("code-row").Filter(new() { HasText = label }).GetByTestId("code-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("code-row").Filter(new() { HasText = label }).GetByTestId("code-state")).ToHaveTextAsync("停止中");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
    }

    private async Task ImportAsync()
    {
        if (await Services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>().FindIdByNumberAsync("W3001") is not null)
        {
            return;
        }
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register));
        var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    private sealed class StoredCall
    {
        public string? CallerName { get; init; }
        public string? CallerRelation { get; init; }
        public string? CallerPhone { get; init; }
        public string? Label { get; init; }
        public DateTime StartedAt { get; init; }
        public DateTime EndedAt { get; init; }
        public string? Audit { get; init; }
    }

    private async Task<StoredCall> CallAsync()
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return await connection.QuerySingleAsync<StoredCall>("""
              SELECT c.CallerName, c.CallerRelation, c.CallerPhone, w.Label, c.StartedAt, c.EndedAt, a.Details AS Audit
                FROM Calls c
                JOIN CallResidents cr ON cr.CallId = c.CallId
                JOIN Residents r ON r.ResidentId = cr.ResidentId
                JOIN WrapUpCodes w ON w.WrapUpCodeId = c.WrapUpCodeId
                JOIN AuditLog a ON a.Action = @Action AND a.TargetId = CAST(c.CallId AS TEXT)
               WHERE r.ResidentNo = 'W3002'
            ORDER BY c.CallId DESC
               LIMIT 1
            """, new { Action = AuditActions.RecordCall });
    }
}
