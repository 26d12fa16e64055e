using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Imports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Calls;

/// <summary>
/// Issue 15: the call form on a loaded server. Every answer of the server reaches the browser 400 ms late
/// (<see cref="SlowCircuit"/>) while the operator types on at once. Tab out of a list box (関係, 都道府県) used to take
/// focus back: MudAutocomplete answers focus by selecting the box's text from the server (input.select(), which focuses
/// the box), and that answer came after the operator had typed and tabbed on. Focus jumped back, the list opened again
/// and the next keys went into the box left (the call-form browser tests failed so on a busy machine).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LateServerBrowserTests(BrowserFixture browser)
{
    // Numbers start with Q so other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        Q7001,QH01,世帯主,渡辺 茂,ワタナベ シゲル,昭和22年4月3日,男,棚塩,棚塩字西2-1,0240-34-7001
        Q7002,QH01,妻,渡辺 節子,ワタナベ セツコ,昭和25年10月9日,女,棚塩,棚塩字西2-1,
        """;

    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task TabOutOfTheRelation_ThenAltYAnd2_KeepsFocusOnTheChosenCode_WhenTheServerAnswersLate()
    {
        var page = await OpenFormAsync("Q7002");
        var relation = page.GetByTestId("caller-relation");
        var mark = await page.FocusMarkAsync();
        await relation.FocusAsync();
        await page.Keyboard.TypeAsync("本人");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Alt+y");
        await page.Keyboard.PressAsync("2");
        var moved = page.GetByTestId("wrap-up").GetByRole(AriaRole.Radio, new() { Name = "所在変更" });
        await Assertions.Expect(moved).ToBeCheckedAsync();

        // The server marks the chosen chip only after it has handled the Tab before it.
        await Assertions.Expect(Chip(page, "所在変更")).ToHaveClassAsync(new Regex("wrap-up-chosen"));
        await Assertions.Expect(page.GetByTestId("caller-name")).ToHaveValueAsync("渡辺　節子");
        await Assertions.Expect(relation).ToHaveValueAsync("本人");
        await Assertions.Expect(moved).ToBeFocusedAsync();
        var focused = await page.FocusedSinceAsync(mark);
        // Focus went 関係 → on, and never back.
        Assert.Equal("caller-relation", focused[0]);
        Assert.DoesNotContain("caller-relation", focused.SkipWhile(f => f == "caller-relation"));
        Assert.Equal("wrap-up-option", focused[^1]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FukushimaTabAndTheMunicipality_LandInTheirFields_WhenTheServerAnswersLate()
    {
        var page = await OpenFormAsync("Q7001");
        await page.GetByTestId("caller-name").FillAsync("渡辺 茂");
        var member = page.GetByTestId("member-Q7001");
        await RecordCallBrowserTests.SelectAsync(page, member, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(page, member, "避難先種別", "親族・知人宅");
        var prefecture = member.GetByTestId("prefecture");
        // Into 都道府県, 福島, Tab and on at once, as an operator does: the city goes into 市区町村, Alt+Y 1 takes 安否報告.
        var mark = await page.FocusMarkAsync();
        await prefecture.FocusAsync();
        await page.Keyboard.TypeAsync("福島");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("郡山市");
        await page.Keyboard.PressAsync("Alt+y");
        await page.Keyboard.PressAsync("1");

        await Assertions.Expect(Chip(page, "安否報告")).ToHaveClassAsync(new Regex("wrap-up-chosen"));
        await Assertions.Expect(prefecture).ToHaveValueAsync("福島県");
        await Assertions.Expect(member.GetByTestId("municipality")).ToHaveValueAsync("郡山市");
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        var focused = await page.FocusedSinceAsync(mark);
        Assert.Equal(["prefecture", "municipality", "wrap-up-option"], focused.Distinct().ToArray());
        Assert.DoesNotContain("prefecture", focused.SkipWhile(f => f == "prefecture"));

        // Saved as typed: the form goes back to the resident page.
        await page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/Q7001$"));
        await page.Context.CloseAsync();
    }

    private static ILocator Chip(IPage page, string label) =>
        page.GetByTestId("wrap-up-option").Filter(new() { HasText = label });

    /// <summary>Signs in to the call form over a late circuit and waits until the live form has taken focus.</summary>
    private async Task<IPage> OpenFormAsync(string residentNo)
    {
        await ImportAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        await page.RecordFocusAsync();
        await page.DelayServerAsync(Latency);
        await page.SignInAsync("test-operator", returnPath: $"/residents/{residentNo}/call");
        // The browser ticks the timer once the live form is up; the form's first focus came with it.
        await Assertions.Expect(page.GetByTestId("call-timer-text")).ToHaveTextAsync(new Regex("^00:0[1-9]$"));
        await Assertions.Expect(page.GetByTestId("caller-name")).ToBeFocusedAsync();
        return page;
    }

    private async Task ImportAsync()
    {
        var services = browser.App.Services;
        if (await services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>().FindIdByNumberAsync("Q7001") is not null)
        {
            return;
        }
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register));
        var result = await services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }
}
