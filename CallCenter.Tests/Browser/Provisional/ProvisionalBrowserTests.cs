using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Tests.Browser.Calls;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Provisional;

[Collection(BrowserCollection.Name)]
public sealed partial class ProvisionalBrowserTests(BrowserFixture browser)
{
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        D3001,DH01,世帯主,田村 ミツ,タムラ ミツ,昭和10年1月20日,女,山区,汐見町山7-3,
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Operator_CreatesProvisionalPerson_RecordsTheCall_And_SupervisorMergesIt()
    {
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register)))
        {
            Assert.True((await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false)).Committed);
        }
        var page = await browser.NewPageAsync();
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator", returnPath: "/provisional/new?name=" + Uri.EscapeDataString("田村 光"));
        await Assertions.Expect(page.GetByTestId("family-name")).ToHaveValueAsync("田村");
        await Assertions.Expect(page.GetByTestId("given-name")).ToHaveValueAsync("光");
        await page.GetByTestId("family-kana").FillAsync("たむら");
        await page.GetByTestId("given-kana").FillAsync("ひかる");
        await page.GetByTestId("birth-date").FillAsync("S10.1.20");
        await page.GetByText("女", new PageGetByTextOptions { Exact = true }).ClickAsync();
        await page.GetByTestId("phone").FillAsync("080-7777-8888");
        await page.GetByTestId("note").FillAsync("避難所で受付。住民登録の田村ミツさん本人と思われるが、名前が違って届いている");
        await page.GetByTestId("family-name").FocusAsync();
        await page.WaitForTimeoutAsync(300); // the outlined labels finish moving up
        await page.SaveScreenshotAsync(nameof(ProvisionalBrowserTests) + ".new");

        // Alt+S, the button's shortcut (仮登録して通話を記録(S)), as the README's keyboard table says.
        await page.Keyboard.PressAsync("Alt+s");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/P[0-9]{6}/call$"));
        var number = ProvisionalNumber().Match(page.Url).Value;
        var person = page.GetByTestId("member-" + number);
        await Assertions.Expect(person).ToContainTextAsync("仮登録");
        await page.GetByTestId("caller-name").FillAsync("田村 光");
        await page.GetByTestId("caller-relation").FillAsync("本人");
        await page.GetByTestId("caller-relation").PressAsync("Tab");
        await RecordCallBrowserTests.SelectAsync(page, person, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(page, person, "避難先種別", "避難所");
        await person.GetByTestId("prefecture").FillAsync("ふくしま");
        await person.GetByTestId("prefecture").PressAsync("Tab");
        await person.GetByTestId("municipality").FillAsync("郡山市");
        await person.GetByTestId("place").FillAsync("ビッグパレットふくしま");
        await RecordCallBrowserTests.ChooseWrapUpAsync(page);
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/residents/{number}$"));

        var supervisor = await browser.NewPageAsync();
        await supervisor.SignInAsync("test-supervisor", returnPath: "/provisional");
        var row = supervisor.GetByTestId("provisional-" + number);
        await Assertions.Expect(row).ToContainTextAsync("田村　光");
        await Assertions.Expect(row).ToContainTextAsync("無事");
        await row.GetByTestId("open-merge").ClickAsync();
        await supervisor.GetByTestId("merge-query").FillAsync("タムラ ミツ");
        await supervisor.GetByTestId("merge-search").ClickAsync();
        await supervisor.GetByTestId("merge-hit-D3001").GetByTestId("merge-into").ClickAsync();
        await Assertions.Expect(supervisor.Locator(".mud-dialog")).ToContainTextAsync("元に戻せません");
        await supervisor.SaveScreenshotAsync(nameof(ProvisionalBrowserTests) + ".merge");
        await supervisor.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "統合する" }).ClickAsync();

        await Assertions.Expect(supervisor.GetByTestId("merge-result")).ToContainTextAsync("統合しました");
        await Assertions.Expect(supervisor.GetByTestId("provisional-" + number)).ToHaveCountAsync(0);
        await using (var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync())
        {
            var target = await connection.QuerySingleAsync<(long Status, string Place)>("SELECT Status, Place FROM Residents WHERE ResidentNo = 'D3001'");
            Assert.Equal(((long)SafetyStatus.Safe, "ビッグパレットふくしま"), target);
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM Residents p JOIN Residents t ON t.ResidentId = p.MergedIntoResidentId WHERE p.ResidentNo = @number AND t.ResidentNo = 'D3001'", new { number }));
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
        await supervisor.Context.CloseAsync();
    }

    [GeneratedRegex("P[0-9]{6}")]
    private static partial Regex ProvisionalNumber();
}
