using System.Text;
using System.Text.RegularExpressions;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Tests.Browser.Calls;
using CallCenter.Data.Towns;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Outbound;

[Collection(BrowserCollection.Name)]
public sealed class OutboundBrowserTests(BrowserFixture browser)
{
    // Three households of the 潮風区 district (numbers start with OB so other tests' registers do not collide).
    // OB01: a vulnerable 84-year-old and his wife; OB02: a 79-year-old living alone; OB03: a couple with two numbers.
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        OB0101,OBH01,世帯主,大和田 清,オオワダ キヨシ,昭和16年11月3日,男,潮風区,汐見町潮風1-8,0240-52-1101,1,要介護2・車いす
        OB0102,OBH01,妻,大和田 フミ,オオワダ フミ,昭和19年2月14日,女,潮風区,汐見町潮風1-8,,0,
        OB0201,OBH02,世帯主,小野寺 ハナ,オノデラ ハナ,昭和21年6月30日,女,潮風区,汐見町潮風2-15,0240-52-2202,0,
        OB0301,OBH03,世帯主,菅野 光男,カンノ ミツオ,1968-08-08,男,潮風区,汐見町潮風3-4,0240-52-3303,0,
        OB0302,OBH03,妻,菅野 由美,カンノ ユミ,1970-12-01,女,潮風区,汐見町潮風3-4,080-5252-3304,0,
        """;

    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task Operator_WorksThreeHouseholds_Reached_CallbackAndWrongNumber()
    {
        await ImportAsync(Register);
        var operatorAccount = (await Services.GetRequiredService<UserRepository>().FindByNameAsync("test-operator"))!;
        var districts = Services.GetRequiredService<OutboundDistricts>();
        // The district is this operator's alone, so the shared app's other households do not come first.
        Assert.Null(await districts.AssignAsync(TownScope.All, 1, "潮風区", operatorAccount.UserId, null, new OperatorContext(null, "test", null)));
        await Services.GetRequiredService<OutboundQueue>().RebuildAsync();
        // Her sister called yesterday and left a message for the wife: the worklist shows it on the household.
        var wife = (await Services.GetRequiredService<CallCenter.Data.Residents.ResidentRepository>().GetDetailAsync("OB0102"))!.Summary;
        var inquiry = await Services.GetRequiredService<CallCenter.Data.Inquiries.InquiryRepository>().RecordAsync(new CallCenter.Data.Inquiries.InquiryDraft(
            wife.ResidentId, CallCenter.Data.Inquiries.InquirerType.Relative, "佐々木 トシ", "妹", "022-261-4455", null,
            CallCenter.Data.Inquiries.DisclosureItems.None, "仙台の妹トシさんが心配しています。022-261-4455 へ電話を", null),
            new OperatorContext(operatorAccount.UserId, "test-operator", null));
        Assert.True(inquiry.Saved, string.Join(" ", inquiry.Errors));

        var page = await browser.NewPageAsync();
        var problems = RecordCallBrowserTests.WatchForProblems(page);
        await page.SignInAsync("test-operator", returnPath: "/outbound");
        await Assertions.Expect(page.GetByTestId("no-household")).ToBeVisibleAsync();

        // 1. Reached: 通話済 opens the call form as an outbound call to the dialed number.
        await page.GetByTestId("next").ClickAsync();
        var household = page.GetByTestId("household");
        await Assertions.Expect(household).ToHaveAttributeAsync("data-household", "OBH01");
        await Assertions.Expect(page.GetByTestId("priority")).ToContainTextAsync("未確認（優先）");
        await Assertions.Expect(page.GetByTestId("reasons")).ToContainTextAsync("要支援者");
        await Assertions.Expect(page.GetByTestId("claim-countdown")).ToContainTextAsync("担当 残り");
        await Assertions.Expect(page.GetByTestId("member-OB0101")).ToContainTextAsync("要介護2・車いす");
        await Assertions.Expect(page.GetByTestId("household-message")).ToContainTextAsync("仙台の妹トシさんが心配しています。022-261-4455 へ電話を");
        await Assertions.Expect(page.GetByTestId("household-message")).ToContainTextAsync("大和田　フミ");
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForTimeoutAsync(300); // MudBlazor's label and ripple transitions
        await page.SaveScreenshotAsync(nameof(OutboundBrowserTests) + ".claimed");
        await page.GetByTestId($"outcome-{OutboundOutcome.Connected}").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/residents/OB0101/call\\?direction=outbound"));
        await page.GetByTestId("caller-name").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("caller-phone")).ToHaveValueAsync("0240-52-1101");
        await Assertions.Expect(page.GetByTestId("direction").Locator("input[type=radio]").Nth(1)).ToBeCheckedAsync();
        await page.GetByTestId("caller-name").FillAsync("大和田 フミ");
        var head = page.GetByTestId("member-OB0101");
        await RecordCallBrowserTests.SelectAsync(page, head, "安否", "無事");
        await RecordCallBrowserTests.SelectAsync(page, head, "避難先種別", "親族・知人宅");
        await PrefectureAsync(page, head, "07", "福島県");
        await head.GetByTestId("municipality").FillAsync("郡山市");
        await head.GetByTestId("place").FillAsync("長男宅");
        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/outbound$"));
        Assert.Equal(CallDirection.Outbound, await LastCallDirectionAsync("OB0101"));

        // 2. Not home: a callback requested for later today.
        await page.GetByTestId("next").ClickAsync();
        await Assertions.Expect(household).ToHaveAttributeAsync("data-household", "OBH02");
        await page.GetByTestId($"outcome-{OutboundOutcome.CallbackRequested}").ClickAsync();
        var callbackAt = DateTime.UtcNow.AddHours(9 + 3);
        await page.GetByTestId("callback-at").FillAsync(callbackAt.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("attempt-note").FillAsync("近所の方が出て、夕方には戻ると");
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForTimeoutAsync(300); // MudBlazor's label and ripple transitions
        await page.SaveScreenshotAsync(nameof(OutboundBrowserTests) + ".callback");
        await page.GetByTestId("callback-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("no-household")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("attempt-message")).ToContainTextAsync("折り返し");
        var callback = await StateAsync("OBH02");
        Assert.Equal((operatorAccount.UserId, (int)OutboundOutcome.CallbackRequested), (callback.CallbackUserId, callback.LastOutcome));

        // 3. Wrong number on the first of two numbers: it is struck through, the other is chosen.
        await page.GetByTestId("next").ClickAsync();
        await Assertions.Expect(household).ToHaveAttributeAsync("data-household", "OBH03");
        await page.GetByTestId($"outcome-{OutboundOutcome.WrongNumber}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("number-0240523303").Locator("s")).ToHaveTextAsync("0240-52-3303");
        await Assertions.Expect(page.GetByTestId("number-08052523304").Locator("input")).ToBeCheckedAsync();
        await page.GetByTestId($"outcome-{OutboundOutcome.NoAnswer}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("attempts")).ToContainTextAsync("不在");
        await Assertions.Expect(page.GetByTestId("attempt-message")).ToContainTextAsync("「不在」を記録しました");
        await page.Mouse.MoveAsync(0, 0);
        await page.WaitForTimeoutAsync(300); // MudBlazor's label and ripple transitions
        await page.SaveScreenshotAsync(nameof(OutboundBrowserTests) + ".wrong-number");
        await page.GetByTestId("release").ClickAsync();
        await Assertions.Expect(page.GetByTestId("no-household")).ToBeVisibleAsync();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

        // The supervisor's campaign view: today's attempts, the assignment.
        var supervisor = await browser.NewPageAsync();
        await supervisor.SignInAsync("test-supervisor", returnPath: "/outbound/campaign");
        await Assertions.Expect(supervisor.GetByTestId("figures")).ToBeVisibleAsync();
        Assert.True(await supervisor.GetByTestId("figure-attempts").Locator(".figure-value").ReadNumberAsync() >= 4);
        // The sections are closed until their titles are clicked (the page stays one screen high).
        await Assertions.Expect(supervisor.GetByTestId("assignment-table")).ToBeHiddenAsync();
        foreach (var section in new[] { "section-districts", "section-rules", "section-lists" })
        {
            await supervisor.GetByTestId(section).Locator("summary").ClickAsync();
        }
        await Assertions.Expect(supervisor.GetByTestId("assignment-table")).ToContainTextAsync("潮風区");
        await supervisor.SaveScreenshotAsync(nameof(OutboundBrowserTests) + ".campaign");
        // Rules are the supervisor's to change: 高齢 80歳以上 is saved and the queue rebuilt, then put back.
        foreach (var age in new[] { "80", "75" })
        {
            await supervisor.GetByTestId("rule-old-age").FillAsync(age);
            await supervisor.GetByTestId("rule-old-age").PressAsync("Tab");
            await supervisor.GetByTestId("rules-save").ClickAsync();
            await Assertions.Expect(supervisor.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasText = "ルールを保存しました" }).First).ToBeVisibleAsync();
            // The first round's snackbar can still be showing when the second is saved: wait for the rule itself.
            var expected = int.Parse(age, System.Globalization.CultureInfo.InvariantCulture);
            var queue = Services.GetRequiredService<OutboundQueue>();
            for (var wait = 0; wait < 150 && (await queue.RulesAsync()).OldAge != expected; wait++)
            {
                await Task.Delay(100);
            }
            Assert.Equal(expected, (await queue.RulesAsync()).OldAge);
        }

        // A list of households from the 仮設住宅 roll, pasted as household and resident numbers, given to the いわき
        // site: a mistyped number is named and nothing is assigned; corrected, the list shows in the table.
        const string listName = "仮設住宅A棟（潮風）";
        var lists = supervisor.GetByTestId("lists");
        await supervisor.GetByTestId("list-name").FillAsync(listName);
        await RecordCallBrowserTests.SelectAsync(supervisor, lists, "担当", "拠点 いわき");
        await supervisor.GetByTestId("list-numbers").FillAsync("OBH02\nOB0301、OBX99");
        await supervisor.GetByTestId("list-assign").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("list-error")).ToContainTextAsync("見つからない番号があります（1件）: OBX99");
        Assert.DoesNotContain(await Services.GetRequiredService<OutboundLists>().ListsAsync(TownScope.All), l => l.ListName == listName);
        await supervisor.GetByTestId("list-numbers").FillAsync("OBH02\nOB0301、OB0302");
        await supervisor.GetByTestId("list-assign").ClickAsync();
        await Assertions.Expect(supervisor.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasText = $"「{listName}」に 2 世帯を割り当てました" }).First).ToBeVisibleAsync();
        var row = supervisor.GetByTestId($"list-{listName}");
        await Assertions.Expect(row.Locator("td")).ToHaveTextAsync([listName, "2", "拠点 いわき", "2", "解除"]);
        await Assertions.Expect(supervisor.GetByTestId("list-error")).ToHaveCountAsync(0);
        var assigned = (await Services.GetRequiredService<OutboundLists>().ListsAsync(TownScope.All)).Single(l => l.ListName == listName);
        Assert.Equal(("いわき", 2), (assigned.Site, assigned.Households));
        await Assertions.Expect(supervisor.GetByTestId("list-assign")).ToBeEnabledAsync();
        await supervisor.Mouse.MoveAsync(0, 0);
        await supervisor.WaitForTimeoutAsync(600); // MudBlazor's label, ripple and snackbar transitions
        await supervisor.SaveScreenshotAsync(nameof(OutboundBrowserTests) + ".campaign-list");
        // 解除 gives the households back to the general queue.
        await row.GetByTestId("list-remove").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.DoesNotContain(await Services.GetRequiredService<OutboundLists>().ListsAsync(TownScope.All), l => l.ListName == listName);
        await page.Context.CloseAsync();
        await supervisor.Context.CloseAsync();
    }

    private static async Task PrefectureAsync(IPage page, ILocator scope, string typed, string expected)
    {
        var input = scope.GetByTestId("prefecture");
        await input.FillAsync(typed);
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync(expected);
        await input.PressAsync("Tab");
        await Assertions.Expect(input).ToHaveValueAsync(expected);
    }

    private async Task ImportAsync(string register)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(register));
        var result = await Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    private async Task<CallDirection> LastCallDirectionAsync(string residentNo)
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        return (CallDirection)await connection.ExecuteScalarAsync<long>("""
            SELECT c.Direction
              FROM Calls c
              JOIN CallResidents cr ON cr.CallId = c.CallId
              JOIN Residents r ON r.ResidentId = cr.ResidentId
             WHERE r.ResidentNo = @residentNo
             ORDER BY c.CallId DESC
             LIMIT 1
            """, new { residentNo });
    }

    private sealed record State(long? CallbackUserId, long? LastOutcome);

    private async Task<(int? CallbackUserId, int? LastOutcome)> StateAsync(string householdNo)
    {
        await using var connection = await Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        var s = await connection.QuerySingleAsync<State>("""
            SELECT o.CallbackUserId, o.LastOutcome
              FROM OutboundHouseholds o
              JOIN Households h ON h.HouseholdId = o.HouseholdId
             WHERE h.HouseholdNo = @householdNo
            """, new { householdNo });
        return ((int?)s.CallbackUserId, (int?)s.LastOutcome);
    }
}
