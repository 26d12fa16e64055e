using System.Globalization;
using System.Text;
using CallCenter.Data.Audit;
using CallCenter.Data.Database;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Imports;

[Collection(BrowserCollection.Name)]
public sealed class RegisterImportBrowserTests(BrowserFixture browser)
{
    private IServiceProvider Services => browser.App.Services;

    private static string Register(string n, string birthOfSecond) => string.Join("\r\n",
        "住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由",
        $"R{n}1,RH{n}1,世帯主,渡邉 正雄,ワタナベ マサオ,昭和18年11月3日,男,棚塩,福島県双葉郡汐見町大字棚塩字西原8,0240-34-2211,1,独居・高齢",
        $"R{n}2,RH{n}2,世帯主,齋藤 美代子,サイトウ ミヨコ,{birthOfSecond},女,棚塩,福島県双葉郡汐見町大字棚塩字東24-1,080-5521-0934,0,",
        $"R{n}3,RH{n}2,子,齋藤 陽翔,さいとう はると,平成30年6月14日,男,棚塩,福島県双葉郡汐見町大字棚塩字東24-1,,0,",
        "");

    private async Task<long> CountAsync(string n)
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM Residents WHERE ResidentNo LIKE @Prefix", new { Prefix = $"R{n}%" });
    }

    [Fact]
    public async Task Admin_UploadsARegisterWithAnError_FixesIt_And_CommitsIt()
    {
        var n = Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-admin", returnPath: "/admin/register");
        await Expect(page.GetByTestId("nav")).ToContainTextAsync("住民名簿取込");
        // InputFile starts listening for files in its first interactive render (after the layout's marker);
        // a file set before that would go unnoticed, as no person could be that fast.
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=register-file]')?._blazorInputFileNextFileId !== undefined");

        // 昭和38年2月30日 does not exist: the preview lists it and the commit stays disabled.
        await page.GetByTestId("register-file").SetInputFilesAsync(new FilePayload
        {
            Name = "汐見町住民名簿_棚塩.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(Register(n, "昭和38年2月30日")),
        });
        await Expect(page.GetByTestId("register-has-errors")).ToBeVisibleAsync();
        var errorRow = page.GetByTestId("register-error-row");
        await Expect(errorRow).ToHaveCountAsync(1);
        var cells = await errorRow.Locator("td").AllInnerTextsAsync();
        Assert.Equal("3行目", cells[0]);
        Assert.Equal("生年月日", cells[1]);
        await Expect(page.GetByTestId("register-counts")).ToContainTextAsync("エラー 1 件");
        await Expect(page.GetByTestId("register-commit")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("register-rows")).ToContainTextAsync("齋藤 美代子");
        await page.SaveScreenshotAsync(nameof(RegisterImportBrowserTests) + ".errors");
        Assert.Equal(0, await CountAsync(n));

        await page.GetByTestId("register-file").SetInputFilesAsync(new FilePayload
        {
            Name = "汐見町住民名簿_棚塩_修正.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(Register(n, "昭和38年2月28日")),
        });
        await Expect(page.GetByTestId("register-ready")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("register-counts")).ToContainTextAsync("新規 3 人");
        await Expect(page.GetByTestId("register-counts")).ToContainTextAsync("エラー 0 件");
        await page.SaveScreenshotAsync(nameof(RegisterImportBrowserTests) + ".preview");
        Assert.Equal(0, await CountAsync(n));

        await page.GetByTestId("register-commit").ClickAsync();
        await Expect(page.GetByTestId("register-summary-line")).ToHaveTextAsync("inserted 3, updated 0, unchanged 0, errors 0");
        await Expect(page.GetByTestId("register-summary")).ToContainTextAsync("新規 3 人、更新 0 人、変更なし 0 人、エラー 0 件");
        await page.SaveScreenshotAsync(nameof(RegisterImportBrowserTests) + ".committed");
        Assert.Equal(3, await CountAsync(n));
        await using (var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync())
        {
            var names = (await connection.QueryAsync<string>(
                "SELECT FamilyName || ' ' || GivenName || ' ' || GivenNameKana FROM Residents WHERE ResidentNo LIKE @Prefix ORDER BY ResidentNo",
                new { Prefix = $"R{n}%" })).ToList();
            Assert.Equal(["渡邉 正雄 マサオ", "齋藤 美代子 ミヨコ", "齋藤 陽翔 ハルト"], names);
        }
        var audit = await Services.GetRequiredService<AuditRepository>().RecentAsync(take: 200);
        Assert.Contains(audit, a => a.Action == AuditActions.ImportResidents && a.UserName == "test-admin"
            && a.TargetId == "汐見町住民名簿_棚塩_修正.csv" && a.Details!.StartsWith("追加 3件・更新 0件・変更なし 0件・エラー 0件・文字コード UTF-8", StringComparison.Ordinal)
            && !a.Details.Contains("確認のみ", StringComparison.Ordinal));
        await Security.BrowserWatch.AssertNothingStoredAsync(page);
        await page.Context.CloseAsync();
    }
}
