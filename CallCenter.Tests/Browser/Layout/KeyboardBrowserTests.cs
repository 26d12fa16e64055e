using System.Text.RegularExpressions;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser.Calls;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Layout;

/// <summary>
/// The documented shortcuts in Chromium (README, 「キーボード」): Alt+N 次へ on the worklist, Alt+S and Ctrl+Enter 保存 (and Alt+Q 要望を追加) on
/// the call form, Esc in the search box (↑/↓ and Enter: OperatorConsoleBrowserTests; Alt+S on 仮登録:
/// ProvisionalBrowserTests; Alt+I 取り込む: StatusImportBrowserTests); the 都道府県 box keeping what was typed when Tab
/// comes before its list; and the message after a save covering no button. On the demo town at 1366x768.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class KeyboardBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AltN_ClaimsTheNextHousehold_FukushimaAndTabKeepsThePrefecture_AndTheSavedMessageCoversNoButton()
    {
        var page = await DemoTown.SignedInPageAsync(browser, "test-operator", "/outbound");
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await Assertions.Expect(page.GetByTestId("no-household")).ToBeVisibleAsync();

        // Alt+N as a keyboard sends it (no character with Alt): the household is claimed.
        await page.Keyboard.PressAsync("Alt+n");
        var household = page.GetByTestId("household");
        await Assertions.Expect(household).ToHaveAttributeAsync("data-household", HouseholdNumber());
        var claimed = await household.GetAttributeAsync("data-household");

        await page.GetByTestId("outcome-Connected").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/[^/]+/call\\?"));
        var residentNo = CallFormResident().Match(page.Url).Groups[1].Value;
        await page.GetByTestId("caller-name").FillAsync("本人");
        var member = page.GetByTestId("member-" + residentNo);
        await RecordCallBrowserTests.SelectAsync(page, member, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(page, member, "避難先種別", "親族・知人宅");
        // 福島 and Tab at once, before the list has opened: 福島県 is kept.
        var prefecture = member.GetByTestId("prefecture");
        await prefecture.FocusAsync();
        await page.Keyboard.InsertTextAsync("福島");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(prefecture).ToHaveValueAsync("福島県");
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await member.GetByTestId("municipality").FillAsync("会津若松市");

        // Alt+Q adds a request row (要望・相談) with the cursor on its 分類; removed again, the call saves without one.
        await page.Keyboard.PressAsync("Alt+q");
        await Assertions.Expect(page.GetByTestId("request-row").GetByTestId("request-category")).ToBeFocusedAsync();
        await page.GetByTestId("request-remove").ClickAsync();
        await Assertions.Expect(page.GetByTestId("request-row")).ToHaveCountAsync(0);

        // Alt+S presses 保存(S); the form goes back to the worklist with 「記録しました」.
        await page.Keyboard.PressAsync("Alt+s");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/outbound$"));
        Assert.Equal((7, "会津若松市"), await LatestWhereaboutsAsync(residentNo));
        await AssertMessageCoversNoControlAsync(page, "記録しました", "Keyboard.saved-on-worklist");
        Assert.NotNull(claimed);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task KoriyamaIsNoPrefecture_TheSaveSaysSo_AndCtrlEnterSavesOnceCorrected()
    {
        var started = DateTime.UtcNow;
        var app = await DemoTown.AppAsync();
        var (residentNo, _) = await LayoutBrowserTests.HouseholdHeadAsync(app);
        var page = await DemoTown.SignedInPageAsync(browser, "test-operator", $"/residents/{residentNo}/call");
        await page.GetByTestId("caller-name").FillAsync("鈴木 彩");
        await page.GetByTestId("caller-relation").FillAsync("妻");
        await page.GetByTestId("caller-relation").PressAsync("Tab");
        var member = page.GetByTestId("member-" + residentNo);
        await RecordCallBrowserTests.SelectAsync(page, member, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(page, member, "避難先種別", "親族・知人宅");
        await RecordCallBrowserTests.ChooseWrapUpAsync(page);

        // 郡山 is a city, not a prefecture: the box keeps it and says so; the save is refused and names it.
        var prefecture = member.GetByTestId("prefecture");
        await prefecture.FocusAsync();
        await page.Keyboard.InsertTextAsync("郡山");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(member.Locator(".mud-input-helper-text")).ToContainTextAsync("「郡山」に該当する都道府県がありません");
        await page.WaitForTimeoutAsync(300);
        await page.SaveScreenshotAsync("Keyboard.no-such-prefecture", fullPage: false);
        await member.GetByTestId("municipality").FocusAsync();
        await page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(page.GetByTestId("error-summary")).ToContainTextAsync("入力に誤りがあります（1 件）");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/call$"));
        Assert.Null(await LatestWhereaboutsAsync(residentNo, since: started));

        // Corrected with 福島 and Tab: Ctrl+Enter saves, the resident page shows 「記録しました」 over no button.
        await prefecture.FillAsync("");
        await prefecture.FocusAsync();
        await page.Keyboard.InsertTextAsync("福島");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(prefecture).ToHaveValueAsync("福島県");
        await Assertions.Expect(member.GetByText("該当する都道府県がありません")).ToHaveCountAsync(0);
        await member.GetByTestId("municipality").FillAsync("郡山市");
        await page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/residents/{residentNo}$"));
        Assert.Equal((7, "郡山市"), await LatestWhereaboutsAsync(residentNo));
        await AssertMessageCoversNoControlAsync(page, "記録しました", "Keyboard.saved-on-resident");
    }

    [Fact]
    public async Task Escape_ClearsTheSearchBox()
    {
        var page = await DemoTown.SignedInPageAsync(browser, "test-operator");
        var input = page.GetByTestId("search-input");
        await input.FillAsync("さとう");
        await Assertions.Expect(page.GetByTestId("search-result").First).ToBeVisibleAsync();
        await input.PressAsync("Escape");
        await Assertions.Expect(input).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("search-result")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Typing_SendsTheServerOneEventPerSearch_And_EnterWhileAnImeComposes_OpensNoOne()
    {
        var page = await DemoTown.SignedInPageAsync(browser, "test-operator");
        var events = new List<string>();
        // Blazor's messages to the server travel on the circuit's WebSocket; a browser event is a DispatchEventAsync call.
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            var text = frame.Text ?? System.Text.Encoding.UTF8.GetString(frame.Binary ?? []);
            if (text.Contains("DispatchEventAsync", StringComparison.Ordinal))
            {
                lock (events)
                {
                    events.Add(text);
                }
            }
        };
        await page.ReloadAsync();
        var input = page.GetByTestId("search-input");
        await Assertions.Expect(input).ToBeFocusedAsync();
        lock (events)
        {
            events.Clear();
        }

        await input.PressSequentiallyAsync("たかはし", new LocatorPressSequentiallyOptions { Delay = 40 });
        await Assertions.Expect(page.GetByTestId("result-count")).ToHaveAttributeAsync("data-query", "たかはし");
        await page.WaitForTimeoutAsync(500);
        lock (events)
        {
            // Four keystrokes, one pause: one event, which carries the whole text.
            var sent = Assert.Single(events);
            Assert.Contains("searchtext", sent, StringComparison.Ordinal);
            events.Clear();
        }

        // Enter while the IME is converting confirms the conversion; it opens no one and reaches no server.
        await input.EvaluateAsync("""
            input => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true }))
            """);
        await page.WaitForTimeoutAsync(500);
        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);
        lock (events)
        {
            Assert.Empty(events);
        }
        // Plain Enter opens the highlighted person.
        await input.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/[^/]+$"));
    }

    /// <summary>
    /// The message is shown and its box meets no button, link, field or select on the page (issue 14: 「記録しました」
    /// covered 「次へ」).
    /// </summary>
    internal static async Task AssertMessageCoversNoControlAsync(IPage page, string text, string screenshot)
    {
        var message = page.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasText = text });
        await Assertions.Expect(message).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(300); // its entrance transition
        await page.SaveScreenshotAsync(screenshot, fullPage: false);
        var covered = await message.EvaluateAsync<string[]>("""
            message => {
              const box = message.getBoundingClientRect();
              const controls = document.querySelectorAll('button, a[href], input, textarea, [role=button], .mud-select, .mud-chip');
              return [...controls]
                .filter(c => !message.contains(c) && c.getClientRects().length > 0)
                .filter(c => { const r = c.getBoundingClientRect();
                               return Math.min(r.right, box.right) - Math.max(r.left, box.left) > 0
                                   && Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top) > 0; })
                .map(c => `${c.tagName} ${c.innerText || c.value || c.getAttribute('aria-label') || ''}`.trim());
            }
            """);
        Assert.True(covered.Length == 0, $"「{text}」 covers: {string.Join(", ", covered)}");
    }

    private static async Task<(int Prefecture, string Municipality)?> LatestWhereaboutsAsync(string residentNo, DateTime? since = null)
    {
        var app = await DemoTown.AppAsync();
        await using var connection = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        var row = await connection.QueryFirstOrDefaultAsync<(long, string)?>("""
            SELECT sr.PrefectureCode, sr.Municipality
              FROM SafetyReports sr
              JOIN Residents r ON r.ResidentId = sr.ResidentId
             WHERE r.ResidentNo = @residentNo
               AND sr.Municipality IS NOT NULL
               AND sr.RecordedAt >= @since
             ORDER BY sr.ReportId DESC
             LIMIT 1
            """, new { residentNo, since = since ?? DateTime.UtcNow.AddMinutes(-5) });
        return row is { } r ? ((int)r.Item1, r.Item2) : null;
    }

    [GeneratedRegex("/residents/([^/]+)/call")]
    private static partial Regex CallFormResident();

    [GeneratedRegex("^H")]
    private static partial Regex HouseholdNumber();
}
