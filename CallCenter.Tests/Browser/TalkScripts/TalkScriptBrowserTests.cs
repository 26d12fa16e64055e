using System.Text;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.TalkScripts;
using CallCenter.Tests.Browser.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.TalkScripts;

/// <summary>
/// Talk scripts and FAQ in Chromium at 1366×768: a supervisor writes and changes one on /scripts and sees its history; an
/// operator on the call form opens the search with Alt+H, reads a script, and Escape puts them back in the field they
/// were typing in, with what they typed kept.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TalkScriptBrowserTests(BrowserFixture browser)
{
    // Numbers start with TS so other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        TS001,TSH01,世帯主,渡部 正一,ワタナベ ショウイチ,昭和22年4月3日,男,浜区,汐見町浜5-1,0240-22-1111
        TS002,TSH01,妻,渡部 和子,ワタナベ カズコ,昭和25年9月20日,女,浜区,汐見町浜5-1,
        """;

    private static async Task<IPage> PageAsync(BrowserFixture browser)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        return page;
    }

    [Fact]
    public async Task Supervisor_WritesAScript_ChangesIt_AndSeesItsHistory()
    {
        var page = await PageAsync(browser);
        await page.SignInAsync("test-supervisor", returnPath: "/scripts");
        await page.GetByTestId("script-new").ClickAsync();
        var editor = page.GetByTestId("script-editor");
        await editor.GetByTestId("script-title").FillAsync("罹災証明書の再発行");
        await editor.GetByTestId("script-body").FillAsync("罹災証明書の再発行ですね。\n1. お名前と住民番号を確認します。\n2. 送付先を伺います。");
        await editor.GetByTestId("script-keywords").FillAsync("罹災証明書 再発行 りさい");
        await editor.GetByTestId("script-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("script-message")).ToHaveTextAsync("作成しました。");
        await Assertions.Expect(page.GetByTestId("script-list")).ToContainTextAsync("罹災証明書の再発行");

        await editor.GetByTestId("script-body").FillAsync("罹災証明書の再発行ですね。\n1. お名前と住民番号を確認します。\n2. 送付先を伺います。\n3. 1週間ほどで郵送します。");
        await editor.GetByTestId("script-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("script-message")).ToHaveTextAsync("保存しました。");
        var history = page.GetByTestId("script-revision");
        await Assertions.Expect(history).ToHaveCountAsync(2);
        await Assertions.Expect(history.Nth(0)).ToContainTextAsync("変更");
        await Assertions.Expect(history.Nth(1)).ToContainTextAsync("作成");
        await history.Nth(0).Locator("summary").ClickAsync();
        await Assertions.Expect(history.Nth(0).GetByTestId("revision-before")).ToContainTextAsync("2. 送付先を伺います。");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(TalkScriptBrowserTests) + ".scripts-page", fullPage: false);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Operator_FindsAScript_FromTheCallForm_WithAltH_AndEscapeReturnsToTheFieldWithItsText()
    {
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register)))
        {
            Assert.True((await browser.App.Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false)).Committed);
        }
        var scripts = browser.App.Services.GetRequiredService<TalkScriptRepository>();
        var by = new OperatorContext(null, "test", null);
        await scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Script, null, "一時帰宅の申込方法（試験）",
            "一時帰宅のお申込みですね。\n1. 世帯番号を確認します。\n2. 希望日を第3希望まで伺います。\n3. 決定の通知を郵送します。", "一時帰宅 申込"), by);
        await scripts.SaveAsync(new TalkScriptDraft(null, 0, TalkScriptKind.Faq, null, "一時帰宅にペットを連れ帰れますか（試験）",
            "はい。ケージは町で用意します。", "ペット"), by);
        var page = await PageAsync(browser);
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator", returnPath: "/residents/TS001/call");
        var callerName = page.GetByTestId("caller-name");
        await callerName.WaitForAsync();
        await callerName.FillAsync("渡部 和子");
        await Assertions.Expect(page.GetByTestId("shortcut-help")).ToContainTextAsync("Alt+H スクリプト・FAQ");

        await page.Keyboard.PressAsync("Alt+h");
        var panel = page.GetByTestId("script-panel");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        var search = panel.GetByTestId("script-search");
        await Assertions.Expect(search).ToBeFocusedAsync();
        await search.PressSequentiallyAsync("いちじきたく　試験");
        await Assertions.Expect(panel.GetByTestId("script-no-hits")).ToBeVisibleAsync();
        await search.FillAsync("一時帰宅 試験");
        await Assertions.Expect(panel.GetByTestId("script-hit")).ToHaveCountAsync(2);
        await Assertions.Expect(panel.GetByTestId("script-hit").First).ToContainTextAsync("一時帰宅の申込方法（試験）");
        await panel.GetByTestId("script-hit").First.ClickAsync();
        await Assertions.Expect(panel.GetByTestId("script-read-body")).ToContainTextAsync("2. 希望日を第3希望まで伺います。");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(TalkScriptBrowserTests) + ".call-form-panel", fullPage: false);

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await Assertions.Expect(callerName).ToBeFocusedAsync();
        await Assertions.Expect(callerName).ToHaveValueAsync("渡部 和子");
        // Typing goes on where it was.
        await page.Keyboard.TypeAsync("（長女）");
        await Assertions.Expect(callerName).ToHaveValueAsync("渡部 和子（長女）");

        // The button opens it too, with the last search still there.
        await page.GetByTestId("script-search-open").ClickAsync();
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(panel.GetByTestId("script-search")).ToBeFocusedAsync();

        // Left and opened again (callform.js binds by one call and never unbinds: each binding ends with its element):
        // no panel on the person's page, and the new form's panel, keys and timer work, with no script error.
        await page.Keyboard.PressAsync("Escape");
        await page.GetByRole(AriaRole.Link, new() { Name = "住民の画面へ戻る" }).ClickAsync();
        await page.GetByTestId("record-call").WaitForAsync();
        await page.Keyboard.PressAsync("Alt+h");
        await Assertions.Expect(page.GetByTestId("script-panel")).ToHaveCountAsync(0);
        await page.GetByTestId("record-call").ClickAsync();
        await callerName.WaitForAsync();
        // The form's keys are bound once its first render reaches the browser (the timer is bound with them and last):
        // the link to the form is followed in the browser now, so the form can show before they are.
        await Assertions.Expect(page.GetByTestId("call-timer-text")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^00:0[1-9]$"));
        await page.Keyboard.PressAsync("Alt+h");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(panel.GetByTestId("script-search")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("call-timer-text")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^00:0[1-9]$"));
        Assert.Empty(problems);
        await page.CloseAsync();
    }
}
