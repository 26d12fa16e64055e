using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Reports;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Calls;

[Collection(BrowserCollection.Name)]
public sealed class RecordCallBrowserTests(BrowserFixture browser)
{
    // A household of four evacuated in different directions; numbers start with C so other browser tests'
    // registers in the same app do not collide.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        C1001,CH01,世帯主,遠藤 正一,エンドウ ショウイチ,昭和18年4月2日,男,浜区,汐見町浜4-12,0240-33-1234
        C1002,CH01,妻,遠藤 トシ子,エンドウ トシコ,昭和21年9月9日,女,浜区,汐見町浜4-12,
        C1003,CH01,子,遠藤 健太,エンドウ ケンタ,1972-07-20,男,浜区,汐見町浜4-12,090-4444-5555
        C1004,CH01,孫,遠藤 さくら,エンドウ サクラ,2004-03-03,女,浜区,汐見町浜4-12,
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Operator_RecordsThreeMembers_And_SupervisorSeesTheNewStatus()
    {
        await ImportAsync(Register);
        var page = await browser.NewPageAsync();
        var problems = WatchForProblems(page);
        await page.SignInAsync("test-operator");
        // Found from a reading typed in hiragana while listening, opened with the keyboard.
        await page.GetByTestId("search-input").FillAsync("えんどう しょういち");
        // Other tests in this app register namesakes (C2001 is another 遠藤 正一), so pick this one's row.
        await page.Locator("[data-testid=search-result][data-resident-no=C1001]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/C1001$"));
        await Assertions.Expect(page.GetByTestId("history-empty")).ToBeVisibleAsync();
        await page.GetByTestId("record-call").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/C1001/call$"));
        await page.GetByTestId("caller-name").WaitForAsync();

        await page.GetByTestId("caller-name").FillAsync("遠藤 健太");
        await page.GetByTestId("caller-phone").FillAsync("090-4444-5555");
        await page.GetByTestId("caller-relation").FillAsync("子");
        await page.GetByTestId("caller-relation").PressAsync("Tab");
        await Assertions.Expect(page.GetByTestId("caller-relation")).ToHaveValueAsync("子");

        var head = page.GetByTestId("member-C1001");
        await SelectAsync(page, head, "安否", "入院中");
        await SelectAsync(page, head, "避難先種別", "病院");
        await PrefectureAsync(page, head, "fuku", "福島県");
        await head.GetByTestId("municipality").FillAsync("会津若松市");
        await head.GetByTestId("place").FillAsync("会津中央病院 3階");
        await head.GetByTestId("contact-phone").FillAsync("0242-25-1515");
        await SelectAsync(page, head, "⑫ 親族への提供", "同意");

        var wife = page.GetByTestId("member-C1002");
        await wife.GetByText("遠藤　トシ子").ClickAsync();
        await SelectAsync(page, wife, "安否", "無事");
        await SelectAsync(page, wife, "避難先種別", "避難所");
        await PrefectureAsync(page, wife, "やまがた", "山形県");
        await wife.GetByTestId("municipality").FillAsync("米沢市");
        await wife.GetByTestId("place").FillAsync("米沢市営体育館");
        await wife.GetByTestId("contact-phone").FillAsync("090-4444-5555");

        var son = page.GetByTestId("member-C1003");
        await son.GetByText("遠藤　健太").ClickAsync();
        await SelectAsync(page, son, "安否", "無事");
        await son.GetByTestId("copy-above").ClickAsync();
        await Assertions.Expect(son.GetByTestId("place")).ToHaveValueAsync("米沢市営体育館");
        await son.GetByTestId("member-note").FillAsync("母と同じ避難所にいる");
        await ChooseWrapUpAsync(page, "所在変更");
        await Assertions.Expect(page.GetByTestId("selected-count")).ToHaveTextAsync("3 人を記録");
        await page.Mouse.MoveAsync(0, 0);
        var screenshot = await page.SaveScreenshotAsync(nameof(RecordCallBrowserTests) + ".form");

        // Ctrl+Enter from the field still being typed in: its value must be saved too.
        await son.GetByTestId("member-note").PressAsync("Control+Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/C1001$"));

        var rows = await ReportsAsync();
        Assert.Equal(3, rows.Count);
        Assert.Equal((SafetyStatus.Hospitalized, WhereaboutsType.Hospital, (byte?)7, "会津中央病院 3階"), Row(rows, "C1001"));
        Assert.Equal((SafetyStatus.Safe, WhereaboutsType.Shelter, (byte?)6, "米沢市営体育館"), Row(rows, "C1002"));
        Assert.Equal((SafetyStatus.Safe, WhereaboutsType.Shelter, (byte?)6, "米沢市営体育館"), Row(rows, "C1003"));
        Assert.Equal("母と同じ避難所にいる", rows.Single(r => r.ResidentNo == "C1003").Note);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems) + $" (screenshot: {screenshot})");

        // The operator's resident page now shows the report in the history and the household's new statuses.
        await Assertions.Expect(page.GetByTestId("history-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("history-row").First).ToContainTextAsync("入院中");
        await Assertions.Expect(page.GetByTestId("current-whereabouts")).ToContainTextAsync("会津中央病院 3階");
        await Assertions.Expect(page.GetByTestId("call-row")).ToHaveCountAsync(1);
        await AssertHouseholdAsync(page);
        await page.SaveScreenshotAsync(nameof(RecordCallBrowserTests) + ".after");

        // Another session (a supervisor at another terminal) sees the change.
        var supervisor = await browser.NewPageAsync();
        await supervisor.SignInAsync("test-supervisor", returnPath: "/residents/C1002");
        await Assertions.Expect(supervisor.GetByTestId("resident-name")).ToHaveTextAsync("遠藤　トシ子");
        await Assertions.Expect(supervisor.GetByTestId("current-whereabouts")).ToContainTextAsync("米沢市営体育館");
        await AssertHouseholdAsync(supervisor);
        await supervisor.SaveScreenshotAsync(nameof(RecordCallBrowserTests) + ".supervisor");
        Assert.Equal(SafetyStatus.Hospitalized, await CurrentStatusAsync("C1001"));
        await page.Context.CloseAsync();
        await supervisor.Context.CloseAsync();
    }

    private static async Task AssertHouseholdAsync(IPage page)
    {
        static ILocator Status(IPage page, string no) =>
            page.Locator($"[data-testid=household-member][data-resident-no={no}] [data-testid=status-chip]");
        await Assertions.Expect(Status(page, "C1001")).ToHaveTextAsync("入院中");
        await Assertions.Expect(Status(page, "C1002")).ToHaveTextAsync("無事");
        await Assertions.Expect(Status(page, "C1003")).ToHaveTextAsync("無事");
        await Assertions.Expect(Status(page, "C1004")).ToHaveTextAsync("未確認");
    }

    [Fact]
    public async Task Save_ShowsErrorsNextToTheMember_KeepsWhatWasTyped_And_WarnsAboutNewerReports()
    {
        await ImportAsync(Register.Replace("C100", "C200", StringComparison.Ordinal).Replace("CH01", "CH02", StringComparison.Ordinal));
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-operator", returnPath: "/residents/C2001/call");
        await page.GetByTestId("caller-name").WaitForAsync();
        await page.GetByTestId("caller-phone").FillAsync("12");
        var head = page.GetByTestId("member-C2001");
        await head.GetByTestId("place").FillAsync("南相馬市 原町第一小学校");

        await page.GetByTestId("save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("error-summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("通話相手の氏名を入力してください。");
        await Assertions.Expect(head).ToContainTextAsync("安否を選んでください。");
        await Assertions.Expect(head.GetByTestId("place")).ToHaveValueAsync("南相馬市 原町第一小学校");
        await page.SaveScreenshotAsync(nameof(RecordCallBrowserTests) + ".errors");
        Assert.Empty(await ReportsAsync("C2"));

        // Meanwhile another operator records the same person: the save is held back and the newer report shown.
        var id = (await Services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>().GetDetailAsync("C2001"))!.Summary;
        var other = await Services.GetRequiredService<CallCenter.Data.Calls.CallRecordingService>().SaveAsync(new CallCenter.Data.Calls.CallDraft(
            CallCenter.Data.Calls.CallDirection.Inbound, "遠藤 さくら", "080-1212-3434", "孫", null,
            [new CallCenter.Data.Calls.PersonReportDraft(id.ResidentId, id.Version, SafetyStatus.Injured, ReportSource.Family, WhereaboutsType.Hospital,
                7, "南相馬市", "市立総合病院", null, Consent.NotAsked, null)], WrapUpCodeId: CallCenter.Tests.Data.Calls.CallTestData.SafetyReportCode), new CallCenter.Data.Calls.OperatorContext(null, "other", "いわき"));
        Assert.True(other.Saved);
        await page.GetByTestId("caller-name").FillAsync("遠藤 トシ子");
        await page.GetByTestId("caller-phone").FillAsync("0244-22-3344");
        await SelectAsync(page, head, "安否", "無事");
        await SelectAsync(page, head, "避難先種別", "避難所");
        await PrefectureAsync(page, head, "07", "福島県");
        await ChooseWrapUpAsync(page);
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("newer-reports")).ToContainTextAsync("市立総合病院");
        // The corrected fields are no longer marked.
        await Assertions.Expect(page.Locator(".mud-input-error")).ToHaveCountAsync(0);
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForTimeoutAsync(300); // MudBlazor fades the corrected fields' red border out
        await page.SaveScreenshotAsync(nameof(RecordCallBrowserTests) + ".newer");
        Assert.Single(await ReportsAsync("C2"));

        await page.GetByTestId("save-anyway").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/C2001$"));
        Assert.Equal(2, (await ReportsAsync("C2")).Count);
        Assert.Equal(SafetyStatus.Safe, await CurrentStatusAsync("C2001"));
        await page.Context.CloseAsync();
    }

    /// <summary>Picks the call's 要件 with a click on its chip.</summary>
    internal static Task ChooseWrapUpAsync(IPage page, string label = "安否報告") =>
        page.GetByTestId("wrap-up").GetByText(label, new LocatorGetByTextOptions { Exact = true }).ClickAsync();

    internal static async Task SelectAsync(IPage page, ILocator scope, string label, string option)
    {
        // The call form's lists are native selects (FieldSelect, options valued by their labels); others are MudSelects.
        var labelled = new LocatorFilterOptions { Has = page.Locator("label", new() { HasText = label }) };
        var native = scope.Locator(".field-select").Filter(labelled).Locator("select");
        await scope.Locator(".field-select, .mud-input-control.mud-select").Filter(labelled).First.WaitForAsync();
        if (await native.CountAsync() > 0)
        {
            // As the operator's click does: focus leaves the box before (a list left open there closes).
            await native.First.FocusAsync();
            await native.First.SelectOptionAsync(new SelectOptionValue { Label = option });
            await Assertions.Expect(native.First).ToHaveValueAsync(option);
            return;
        }
        var control = scope.Locator(".mud-input-control.mud-select").Filter(new LocatorFilterOptions { HasText = label });
        await control.ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(control.Locator("input").First).ToHaveValueAsync(option);
    }

    private static async Task PrefectureAsync(IPage page, ILocator scope, string typed, string expected)
    {
        var input = scope.GetByTestId("prefecture");
        await input.FillAsync(typed);
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync(expected);
        await input.PressAsync("Tab");
        await Assertions.Expect(input).ToHaveValueAsync(expected);
    }

    internal static List<string> WatchForProblems(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        return problems;
    }

    private async Task ImportAsync(string register)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(register));
        var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    private static (SafetyStatus, WhereaboutsType?, byte?, string?) Row(List<ReportRow> rows, string no)
    {
        var r = rows.Single(x => x.ResidentNo == no);
        return ((SafetyStatus)r.Status, (WhereaboutsType?)r.WhereaboutsType, (byte?)r.PrefectureCode, r.Place);
    }

    private sealed record ReportRow(string ResidentNo, long Status, long? WhereaboutsType, long? PrefectureCode, string? Place, string? Note);

    private async Task<List<ReportRow>> ReportsAsync(string prefix = "C1")
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return (await connection.QueryAsync<ReportRow>("""
            SELECT r.ResidentNo, s.Status, s.WhereaboutsType, s.PrefectureCode, s.Place, s.Note
              FROM SafetyReports s
              JOIN Residents r ON r.ResidentId = s.ResidentId
             WHERE r.ResidentNo LIKE @Prefix
            """, new { Prefix = prefix + "%" })).AsList();
    }

    private async Task<SafetyStatus> CurrentStatusAsync(string residentNo)
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return (SafetyStatus)await connection.ExecuteScalarAsync<long>("SELECT Status FROM Residents WHERE ResidentNo = @residentNo", new { residentNo });
    }
}
