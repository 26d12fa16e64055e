using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Browser.Calls;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Inquiries;

[Collection(BrowserCollection.Name)]
public sealed class InquiryBrowserTests(BrowserFixture browser)
{
    // Numbers start with IQ so that other browser tests' registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        IQ001,IQH1,世帯主,吉田 ハナ,ヨシダ ハナ,昭和14年2月11日,女,山区,汐見町山5-8,0240-35-2211
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Relative_IsToldWhatConsentAllows_MessageIsLeft_And_SupervisorSeesTheLog()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync();
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator", returnPath: "/residents/IQ001");
        await Assertions.Expect(page.GetByTestId("tier-relatives")).ToContainTextAsync("可");
        await Assertions.Expect(page.GetByTestId("tier-acquaintances")).ToContainTextAsync("未確認");
        await Assertions.Expect(page.GetByTestId("tier-public")).ToContainTextAsync("否");
        await page.GetByTestId("record-inquiry").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/IQ001/inquiry$"));
        await page.GetByTestId("inquirer-name").WaitForAsync();

        // Someone from a newspaper first: nothing may be told and nothing is offered to tick.
        await page.GetByText("その他（報道・団体など ⑭）").ClickAsync();
        await Assertions.Expect(page.GetByTestId("decision-headline")).ToContainTextAsync("何も伝えないでください");
        await Assertions.Expect(page.Locator("[data-testid^=disclosed-]")).ToHaveCountAsync(0);

        // The caller is her son: relatives may be told everything, including where she is.
        await page.GetByText("親族・同居者（⑫）").ClickAsync();
        await Assertions.Expect(page.GetByTestId("decision-headline")).ToContainTextAsync("伝えてよいのは「氏名・生年月日等・安否・負傷・所在・連絡先」です。");
        await Assertions.Expect(page.GetByTestId("item-Whereabouts")).ToContainTextAsync("山形県 天童市 天童市スポーツセンター");
        await page.GetByTestId("inquirer-name").FillAsync("吉田 誠");
        await page.GetByTestId("inquirer-relation").FillAsync("長男");
        await page.GetByTestId("inquirer-contact").FillAsync("048-822-3344");
        await page.GetByTestId("identity-check").FillAsync("生年月日と震災前の住所を答えてもらい一致");
        foreach (var item in new[] { "Safety", "Whereabouts", "Contact" })
        {
            await page.Locator($"input[data-testid=disclosed-{item}], [data-testid=disclosed-{item}] input").First.CheckAsync();
        }
        await page.GetByTestId("message").FillAsync("さいたま市の長男 誠さんが心配しています。048-822-3344 に電話をください");
        await page.Mouse.MoveAsync(0, 0);
        await page.SaveScreenshotAsync(nameof(InquiryBrowserTests) + ".form");
        await page.GetByTestId("save-inquiry").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/IQ001$"));
        await Assertions.Expect(page.GetByTestId("open-message")).ToContainTextAsync("048-822-3344 に電話をください");
        await Assertions.Expect(page.GetByTestId("inquiry-row")).ToContainTextAsync("安否・所在・連絡先");
        // His call is in her call history: an inbound call from him, with his number.
        var inquiryCall = page.GetByTestId("call-row").Filter(new() { HasText = "照会: " });
        await Assertions.Expect(inquiryCall).ToHaveCountAsync(1);
        await Assertions.Expect(inquiryCall).ToContainTextAsync("吉田 誠");
        await Assertions.Expect(inquiryCall).ToContainTextAsync("048-822-3344");
        await Assertions.Expect(inquiryCall).ToContainTextAsync("長男");
        await page.SaveScreenshotAsync(nameof(InquiryBrowserTests) + ".resident");
        var saved = Assert.Single(await Services.GetRequiredService<InquiryRepository>().LogAsync(new InquiryFilter(ResidentNo: "IQ001"), CallCenter.Data.Towns.TownScope.All, 0, 10) is var log ? log.Inquiries : []);
        Assert.Equal((InquirerType.Relative, DisclosureItems.Safety | DisclosureItems.Whereabouts | DisclosureItems.Contact, "生年月日と震災前の住所を答えてもらい一致"),
            (saved.InquirerType, saved.Disclosed, saved.IdentityCheck));

        // A supervisor reads the log; the message is then marked handled from the resident page.
        var supervisor = await browser.NewPageAsync();
        await supervisor.SignInAsync("test-supervisor", returnPath: "/inquiries");
        await supervisor.GetByTestId("filter-resident").FillAsync("IQ001");
        await supervisor.GetByTestId("filter-resident").PressAsync("Tab");
        await Assertions.Expect(supervisor.GetByTestId("inquiry-log-row")).ToHaveCountAsync(1);
        await Assertions.Expect(supervisor.GetByTestId("inquiry-log-row")).ToContainTextAsync("吉田 誠（長男）");
        await Assertions.Expect(supervisor.GetByTestId("inquiry-log-row")).ToContainTextAsync("未対応");
        await supervisor.WaitForTimeoutAsync(300); // MudBlazor floats the filter's label with an animation
        await supervisor.SaveScreenshotAsync(nameof(InquiryBrowserTests) + ".log");

        await page.GetByTestId("mark-handled").ClickAsync();
        await page.GetByTestId("handled-note").FillAsync("本人に伝えた。本人から長男に電話するとのこと");
        await page.GetByTestId("confirm-handled").ClickAsync();
        await Assertions.Expect(page.GetByTestId("open-messages")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("inquiry-row")).ToContainTextAsync("対応済み");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
        await supervisor.Context.CloseAsync();
    }

    private async Task SeedAsync()
    {
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes(Register)))
        {
            var imported = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
            Assert.True(imported.Committed, string.Join(Environment.NewLine, imported.Errors));
        }
        // She was reached at a shelter and said relatives may be told, nobody else (acquaintances not asked).
        var resident = (await Services.GetRequiredService<ResidentRepository>().GetDetailAsync("IQ001"))!.Summary;
        var saved = await Services.GetRequiredService<CallRecordingService>().SaveAsync(new CallDraft(CallDirection.Inbound, "吉田 ハナ", "090-7777-1212", "本人", null,
            [new PersonReportDraft(resident.ResidentId, resident.Version, SafetyStatus.Safe, ReportSource.Self, WhereaboutsType.Shelter, 6, "天童市",
                "天童市スポーツセンター", "090-7777-1212", new Consent(true, null, false), "本人から電話")], WrapUpCodeId: CallCenter.Tests.Data.Calls.CallTestData.SafetyReportCode), new OperatorContext(null, "seed", "会津若松"));
        Assert.True(saved.Saved);
    }
}
