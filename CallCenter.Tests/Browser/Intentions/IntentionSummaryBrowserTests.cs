using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Intentions;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Intentions;
using CallCenter.Data.Towns;
using Microsoft.Extensions.DependencyInjection;
using CallCenter.Web.Security;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Intentions;

/// <summary>
/// A supervisor reads the intention summary, opens the unanswered households of a district, hands them to the worklist,
/// and an operator's 「次へ」 gets one of them with the campaign's name; the supervisor then ends the campaign.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IntentionSummaryBrowserTests(BrowserFixture browser)
{
    // Six households of 汐見台 (numbers start with IB), everyone confirmed, two of them answered.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        IB0101,IBH01,世帯主,阿部 誠一,アベ セイイチ,昭和23年4月10日,男,汐見台,汐見台1-1,0240-61-0101
        IB0102,IBH01,妻,阿部 和子,アベ カズコ,昭和26年9月2日,女,汐見台,汐見台1-1,
        IB0201,IBH02,世帯主,石川 房子,イシカワ フサコ,昭和12年1月20日,女,汐見台,汐見台2-4,0240-61-0202
        IB0301,IBH03,世帯主,宇野 健太,ウノ ケンタ,1984-07-07,男,汐見台,汐見台3-9,090-6161-0303
        IB0302,IBH03,子,宇野 蒼,ウノ アオイ,2019-02-11,男,汐見台,汐見台3-9,
        IB0401,IBH04,世帯主,江藤 昭,エトウ アキラ,1958-12-24,男,汐見台,汐見台4-2,0240-61-0404
        IB0501,IBH05,世帯主,大友 里美,オオトモ サトミ,1972-05-15,女,汐見台,汐見台5-5,080-6161-0505
        IB0601,IBH06,世帯主,加納 進,カノウ ススム,1949-03-03,男,汐見台,汐見台6-1,0240-61-0606
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Supervisor_ReadsTheSummary_SendsTheUnansweredToTheWorklist_And_AnOperatorGetsOne()
    {
        var connections = Services.GetRequiredService<ConnectionFactory>();
        var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(Register)), dryRun: false);
        Assert.True(result.Committed);
        var residents = Services.GetRequiredService<ResidentRepository>();
        foreach (var no in new[] { "IB0101", "IB0102", "IB0201", "IB0301", "IB0302", "IB0401", "IB0501", "IB0601" })
        {
            var id = (await residents.FindIdByNumberAsync(no))!.Value;
            await Services.GetRequiredService<ReportRepository>().AppendAsync(new NewSafetyReport(id, SafetyStatus.Safe, ReportSource.Self,
                new Whereabouts(WhereaboutsType.TemporaryHousing, 7, "いわき市", "応急仮設住宅", null), Consent.NotAsked, null, null, null,
                new DateTime(2026, 3, 1, 3, 0, 0, DateTimeKind.Utc), null));
        }
        var round = (await new IntentionSummary(connections, TimeProvider.System).FindRoundAsync("2026年度"))
            ?? await IntentionSummaryTestData.RoundAsync(connections, "2026年度", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        await IntentionSummaryTestData.AnswerAsync(connections, round.RoundId, await HouseholdIdAsync(connections, "IBH01"), ReturnIntention.WantsToReturn,
            new DateOnly(2026, 3, 5), IntentionNeeds.Infrastructure | IntentionNeeds.MedicalAndCare, housing: HousingWish.PublicHousing, respondent: "阿部 和子");
        await IntentionSummaryTestData.AnswerAsync(connections, round.RoundId, await HouseholdIdAsync(connections, "IBH02"), ReturnIntention.WillNotReturn,
            new DateOnly(2026, 3, 6), reasons: NotReturningReasons.MedicalCare | NotReturningReasons.SettledElsewhere, housing: HousingWish.Rental);
        // The district is this operator's alone, so the shared app's other households do not come first.
        var operatorId = await Services.GetRequiredService<UserRepository>().CreateAsync("intent-operator", "意向 調査員", UserRole.Operator, "いわき",
            SignInService.HashPassword(CallCenterAppFactory.TestPassword));
        Assert.Null(await Services.GetRequiredService<OutboundDistricts>().AssignAsync(TownScope.All, 1, "汐見台", operatorId, null, new OperatorContext(null, "test", null)));

        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(1366, 768);
        await page.SignInAsync("test-supervisor", returnPath: "/intentions/summary?round=" + Uri.EscapeDataString("2026年度") + "&by=district");
        await Assertions.Expect(page.GetByTestId("rate")).ToContainTextAsync("%");
        var row = page.GetByTestId("group-row").Filter(new LocatorFilterOptions { HasText = "汐見台" });
        await Assertions.Expect(row).ToContainTextAsync("33.3%");
        await page.WaitForTimeoutAsync(300);
        await page.SaveScreenshotAsync(nameof(IntentionSummaryBrowserTests) + ".summary");

        // The district's unanswered households, each linking to its head's resident page.
        await row.GetByTestId("group-unanswered").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/intentions/households\\?"));
        await Assertions.Expect(page.GetByTestId("list-total")).ToHaveTextAsync("4 世帯");
        await Assertions.Expect(page.GetByTestId("list-title")).ToContainTextAsync("行政区 汐見台・未回答");
        await Assertions.Expect(page.GetByTestId("head-link").First).ToHaveAttributeAsync("href", "/residents/IB0301");
        await page.SaveScreenshotAsync(nameof(IntentionSummaryBrowserTests) + ".households");

        await page.GoBackAsync();
        row = page.GetByTestId("group-row").Filter(new LocatorFilterOptions { HasText = "汐見台" });
        await row.GetByTestId("group-campaign").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("「帰還意向調査 2026年度（行政区 汐見台）」として 4 世帯を発信リストに渡しました。");
        await page.SaveScreenshotAsync(nameof(IntentionSummaryBrowserTests) + ".campaign");

        var operatorPage = await browser.NewPageAsync();
        await operatorPage.SetViewportSizeAsync(1366, 768);
        await operatorPage.SignInAsync("intent-operator", returnPath: "/outbound");
        await operatorPage.GetByTestId("next").ClickAsync();
        await Assertions.Expect(operatorPage.GetByTestId("household")).ToHaveAttributeAsync("data-household", new Regex("^IBH0[3-6]$"));
        await Assertions.Expect(operatorPage.GetByTestId("campaign-reason")).ToContainTextAsync("帰還意向調査 2026年度（行政区 汐見台）");
        await Assertions.Expect(operatorPage.GetByTestId("priority")).ToContainTextAsync("キャンペーン");
        await operatorPage.Mouse.MoveAsync(0, 0);
        await operatorPage.WaitForTimeoutAsync(300);
        await operatorPage.SaveScreenshotAsync(nameof(IntentionSummaryBrowserTests) + ".worklist");

        // The supervisor ends the campaign on the campaign page: its households leave the worklist.
        await page.GotoAsync("/outbound/campaign");
        await page.GetByTestId("section-campaigns").Locator("summary").ClickAsync();
        var campaign = page.GetByTestId("campaign-row").Filter(new LocatorFilterOptions { HasText = "汐見台" });
        await Assertions.Expect(campaign.GetByTestId("campaign-remaining")).ToHaveTextAsync("4");
        await page.SaveScreenshotAsync(nameof(IntentionSummaryBrowserTests) + ".campaigns");
        await campaign.GetByTestId("campaign-end").ClickAsync();
        await Assertions.Expect(campaign).ToContainTextAsync("終了");
    }

    private static async Task<int> HouseholdIdAsync(ConnectionFactory connections, string householdNo)
    {
        await using var connection = await connections.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT HouseholdId FROM Households WHERE HouseholdNo = @No", new { No = householdNo });
    }
}
