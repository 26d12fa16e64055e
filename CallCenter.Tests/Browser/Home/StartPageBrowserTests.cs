using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Browser.Home;

[Collection(BrowserCollection.Name)]
public sealed class StartPageBrowserTests(BrowserFixture browser)
{
    // Six residents in three households; 髙 and 𠮷 (a surrogate pair) are the characters registers get wrong.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        B0001,BH01,世帯主,髙橋 一郎,タカハシ イチロウ,1951-04-02,男,浜区,汐見町浜1-1,0123-45-6789
        B0002,BH01,妻,髙橋 和子,タカハシ カズコ,昭和28年7月7日,女,浜区,汐見町浜1-1,
        B0003,BH02,世帯主,𠮷田 花子,ヨシダ ハナコ,1962-11-30,女,山区,汐見町山2-5,090-1111-2222
        B0004,BH02,子,𠮷田 太郎,ヨシダ タロウ,1990-01-15,男,山区,汐見町山2-5,
        B0005,BH03,世帯主,渡邊 進,ワタナベ ススム,1944-08-08,男,浜区,汐見町浜3-9,
        B0006,BH03,妻,渡邊 澄子,ワタナベ スミコ,1947-03-03,女,浜区,汐見町浜3-9,
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task StartPage_ShowsTheRegistersCounts_InJapanese()
    {
        await ImportRegisterAsync();
        await ReportSafeAsync("B0003");
        var expected = await CountInDatabaseAsync();
        Assert.True(expected.Residents >= 6 && expected.Households >= 3 && expected.Confirmed >= 1, $"Register not imported: {expected}");

        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };

        await page.SignInAsync("test-operator");
        var screenshot = await page.SaveScreenshotAsync(nameof(StartPageBrowserTests) + "." + nameof(StartPage_ShowsTheRegistersCounts_InJapanese));

        Assert.Equal("ja", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Contains(browser.App.TownName, await page.TitleAsync(), StringComparison.Ordinal);
        Assert.Equal(expected.Residents, await page.GetByTestId("count-residents").ReadNumberAsync());
        Assert.Equal(expected.Households, await page.GetByTestId("count-households").ReadNumberAsync());
        Assert.Equal(expected.Confirmed, await page.GetByTestId("count-confirmed").ReadNumberAsync());
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems) + $"{Environment.NewLine}(screenshot: {screenshot})");
        await page.Context.CloseAsync();
    }

    private async Task ImportRegisterAsync()
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register));
        var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    private async Task ReportSafeAsync(string residentNo)
    {
        var residentId = await Services.GetRequiredService<ResidentRepository>().FindIdByNumberAsync(residentNo)
            ?? throw new InvalidOperationException($"{residentNo} was not imported.");
        await Services.GetRequiredService<ReportRepository>().AppendAsync(new NewSafetyReport(
            residentId, SafetyStatus.Safe, ReportSource.Self, Whereabouts: null, Consent.NotAsked,
            ReporterName: null, ReporterRelation: null, OperatorUserId: null, ReportedAt: DateTime.UtcNow, Note: "ブラウザテスト"));
    }

    // Counted here with plain SQL rather than through ResidentRepository, so the page is checked against the
    // database and not against the code that feeds it.
    private async Task<(int Residents, int Households, int Confirmed)> CountInDatabaseAsync()
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        var residents = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Residents WHERE IsProvisional = 0");
        var households = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Households");
        var confirmed = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Residents WHERE IsProvisional = 0 AND Status <> 0");
        return (residents, households, confirmed);
    }
}
