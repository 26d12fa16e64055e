using System.Text;
using CallCenter.Data.Imports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.Residents;

/// <summary>
/// 「御手洗です。昭和45年生まれです」 typed as the operator would, without a space: the one born then first and marked,
/// the namesakes after under 「氏名は一致（生年月日は違う）」; 「請戸の御手洗」 marks the district.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchCallerFormsBrowserTests(BrowserFixture browser)
{
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        SC001,SCH01,世帯主,御手洗 一郎,ミタライ イチロウ,1970-03-12,男,汐見一区,汐見町大字汐見字本町1,
        SC002,SCH02,世帯主,御手洗 一郎,ミタライ イチロウ,1948-05-05,男,請戸,汐見町大字請戸字東向2,
        SC003,SCH03,世帯主,御手洗 和子,ミタライ カズコ,1951-07-07,女,請戸,汐見町大字請戸字東向3,
        SC004,SCH04,世帯主,御手洗 健,ミタライ ケン,1985-11-30,男,大平,汐見町大字大平字上台4,
        SC005,SCH05,世帯主,御手洗 美咲,ミタライ ミサキ,2001-01-15,女,西山,汐見町大字西山字沢入5,
        """;

    [Fact]
    public async Task ANameWithAnEraYear_PutsThoseBornThenFirst_And_ListsTheNamesakes()
    {
        await ImportOnceAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        await page.SignInAsync("test-operator");

        await page.GetByTestId("search-input").FillAsync("御手洗S45");
        var rows = page.GetByTestId("search-result");
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.First).ToHaveAttributeAsync("data-resident-no", "SC001");
        await Expect(rows.First.GetByTestId("birth-match")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("search-group")).ToHaveTextAsync(["生年月日も一致 1 人", "氏名は一致（生年月日は違う）4 人"]);
        await page.SaveScreenshotAsync(nameof(SearchCallerFormsBrowserTests) + ".era-year-1366x768", fullPage: false);

        await page.GetByTestId("search-input").FillAsync("請戸の御手洗");
        await Expect(page.GetByTestId("place-match")).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).GetByTestId("place-match")).ToHaveCountAsync(1);
        await Expect(rows.Nth(1).GetByTestId("place-match")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("search-group")).ToHaveTextAsync(["行政区・住所も一致 2 人", "氏名は一致（行政区・住所は違う）3 人"]);
        await page.SaveScreenshotAsync(nameof(SearchCallerFormsBrowserTests) + ".district-1366x768", fullPage: false);

        // Enter opens the one born then, as for any search.
        await page.GetByTestId("search-input").FillAsync("御手洗 昭和45年生まれ");
        await Expect(page.GetByTestId("search-group")).ToHaveTextAsync(["生年月日も一致 1 人", "氏名は一致（生年月日は違う）4 人"]);
        await Expect(rows.First).ToHaveAttributeAsync("data-resident-no", "SC001");
        await page.GetByTestId("search-input").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/SC001$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCallForm_NamesBirthDateAgeAndDistrict_And_WarnsWhenTheSearchedYearDiffers()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        await page.SignInAsync("test-operator");
        await ImportOnceAsync();

        // The caller said 昭和45年; the operator opens the second 御手洗 一郎 (born 1948) by mistake.
        await page.GetByTestId("search-input").FillAsync("御手洗S45");
        await Expect(page.GetByTestId("search-group")).ToHaveTextAsync(["生年月日も一致 1 人", "氏名は一致（生年月日は違う）4 人"]);
        await page.GetByTestId("search-input").PressAsync("ArrowDown");
        await page.GetByTestId("search-input").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/SC002$"));
        await Expect(page.GetByTestId("person-identity")).ToContainTextAsync("昭和23年5月5日 (1948/05/05)");
        await page.GetByTestId("record-call").ClickAsync();

        var warning = page.GetByTestId("birth-mismatch");
        await Expect(warning).ToContainTextAsync("検索した生年月日「S45」と、この人の生年月日 昭和23年5月5日（1948/05/05） が違います。");
        await Expect(page.Locator(".call-title").GetByTestId("identity-district")).ToHaveTextAsync("請戸");
        await page.SaveScreenshotAsync(nameof(SearchCallerFormsBrowserTests) + ".call-form-warning-1366x768", fullPage: false);
        await page.Context.CloseAsync();
    }

    private async Task ImportOnceAsync()
    {
        var residents = browser.App.Services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>();
        if (await residents.FindIdByNumberAsync("SC001") is not null)
        {
            return;
        }
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register));
        var result = await browser.App.Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }
}
