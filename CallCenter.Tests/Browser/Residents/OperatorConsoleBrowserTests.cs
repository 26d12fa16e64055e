using CallCenter.Data.Accounts;
using CallCenter.Data.Database;
using CallCenter.Tests.Web.Residents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Residents;

/// <summary>The operator's console end to end: search by reading, open with the keyboard, presence.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorConsoleBrowserTests(BrowserFixture browser)
{
    private IServiceProvider Services => browser.App.Services;

    [Fact]
    public async Task TypingAReading_ShowsRankedResults_And_ArrowDownEnter_OpensThePerson()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync();
        var problems = WatchForProblems(page);
        await page.SignInAsync("test-operator");

        var hint = page.GetByTestId("search-hint");
        await Assertions.Expect(hint).ToBeVisibleAsync();
        await page.SaveScreenshotAsync(nameof(OperatorConsoleBrowserTests) + ".empty");
        var input = page.GetByTestId("search-input");
        await Assertions.Expect(input).ToBeFocusedAsync();

        await input.PressSequentiallyAsync("たかはし", new LocatorPressSequentiallyOptions { Delay = 40 });

        var rows = page.GetByTestId("search-result");
        await Assertions.Expect(page.Locator("[data-testid=search-result][data-resident-no=K0006]")).ToBeVisibleAsync();
        var numbers = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.residentNo)");
        Assert.Contains("K0001", numbers);
        Assert.All(await rows.Locator(".name").AllInnerTextsAsync(), name => Assert.Matches("^[髙高]橋", name));
        await page.SaveScreenshotAsync(nameof(OperatorConsoleBrowserTests) + ".search");

        // The first row is highlighted; walk down to 髙橋 一郎 (at least one ArrowDown) and open him with Enter.
        var target = Array.IndexOf(numbers, "K0001");
        await input.PressAsync("ArrowDown");
        if (target == 0)
        {
            await input.PressAsync("ArrowUp");
        }
        for (var i = 1; i < target; i++)
        {
            await input.PressAsync("ArrowDown");
        }
        await Assertions.Expect(page.Locator("[data-testid=search-result][aria-selected=true]")).ToHaveAttributeAsync("data-resident-no", "K0001");
        await input.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/K0001$"));
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("髙橋　一郎");
        await Assertions.Expect(page.GetByTestId("household-member")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("history-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("call-row")).ToHaveCountAsync(1);
        await page.SaveScreenshotAsync(nameof(OperatorConsoleBrowserTests) + ".resident");

        // One click to a household member: the same page loads the other person.
        await page.Locator("[data-testid=household-member][data-resident-no=K0003] a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/K0003$"));
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("髙橋　トメ");
        await Assertions.Expect(page.GetByTestId("vulnerable-alert")).ToContainTextAsync("要介護3・歩行困難");
        await page.SaveScreenshotAsync(nameof(OperatorConsoleBrowserTests) + ".vulnerable");

        // Kanji typed in the everyday form finds the old forms too, as near candidates.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "検索", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("search-hint")).ToBeVisibleAsync();
        await page.GetByTestId("search-input").FillAsync("渡辺");
        await Assertions.Expect(page.Locator("[data-testid=search-result][data-resident-no=K0007]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=search-result][data-resident-no=K0009]")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync(nameof(OperatorConsoleBrowserTests) + ".variants");

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ClickingAResultRow_AndThePagesLinks_Navigate_WithNoClickEventThroughTheCircuit()
    {
        await SeedAsync();
        var page = await browser.NewPageAsync();
        var problems = WatchForProblems(page);
        // What the browser sends over the circuit: a click the server must handle shows as a DispatchEventAsync of
        // eventName "click"; a link followed in the browser only as OnLocationChanged.
        var sent = new List<string>();
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            lock (sent)
            {
                sent.Add(frame.Binary is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : frame.Text ?? "");
            }
        };
        await page.SignInAsync("test-operator");
        await page.GetByTestId("search-input").PressSequentiallyAsync("たかはし", new LocatorPressSequentiallyOptions { Delay = 40 });
        var row = page.Locator("[data-testid=search-result][data-resident-no=K0001]");
        await Assertions.Expect(row).ToBeVisibleAsync();

        // A click on the row's 安否 cell (not on the name) opens the person.
        Clear();
        await row.Locator("td").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/K0001$"));
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("髙橋　一郎");
        AssertFollowedInTheBrowser();

        // 通話を記録 opens the call form.
        Clear();
        await page.GetByTestId("record-call").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/residents/K0001/call$"));
        await Assertions.Expect(page.GetByTestId("caller-name")).ToBeVisibleAsync();
        AssertFollowedInTheBrowser();

        // Back to the person, then 検索 to the search page.
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveTextAsync("髙橋　一郎");
        Clear();
        await page.Locator(".resident-page .actions a[href='/']").ClickAsync();
        await Assertions.Expect(page.GetByTestId("search-input")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("resident-name")).ToHaveCountAsync(0);
        AssertFollowedInTheBrowser();
        Assert.Empty(problems);
        await page.Context.CloseAsync();

        void Clear()
        {
            lock (sent)
            {
                sent.Clear();
            }
        }

        void AssertFollowedInTheBrowser()
        {
            lock (sent)
            {
                Assert.Contains(sent, frame => frame.Contains("OnLocationChanged", StringComparison.Ordinal));
                Assert.DoesNotContain(sent, frame => frame.Contains("\"eventName\":\"click\"", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task TwoOperatorsOnTheSamePerson_SeeEachOther()
    {
        await SeedAsync();
        var first = await browser.NewPageAsync();
        var second = await browser.NewPageAsync();
        await first.SignInAsync("test-operator", returnPath: "/residents/K0007");
        await second.SignInAsync("test-supervisor", returnPath: "/residents/K0007");
        await Assertions.Expect(first.GetByTestId("resident-name")).ToHaveTextAsync("渡邊　進");

        var within = new LocatorAssertionsToContainTextOptions { Timeout = 12_000 };
        await Assertions.Expect(first.GetByTestId("presence-alert")).ToContainTextAsync("試験", within);
        await Assertions.Expect(first.GetByTestId("presence-alert")).ToContainTextAsync("（会津若松）もこの人の画面を開いています", within);
        await Assertions.Expect(second.GetByTestId("presence-alert")).ToContainTextAsync("もこの人の画面を開いています", within);
        var seenByFirst = await first.GetByTestId("presence-alert").InnerTextAsync();
        var seenBySecond = await second.GetByTestId("presence-alert").InnerTextAsync();
        Assert.NotEqual(seenByFirst, seenBySecond);
        await first.SaveScreenshotAsync(nameof(OperatorConsoleBrowserTests) + ".presence");

        // The second operator leaves: the first one's alert goes at the next heartbeat.
        await second.Context.CloseAsync();
        await Assertions.Expect(first.GetByTestId("presence-alert")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 45_000 });
        await first.Context.CloseAsync();
    }

    private async Task SeedAsync()
    {
        var operatorAccount = await Services.GetRequiredService<UserRepository>().FindByNameAsync("test-operator");
        await SampleTown.SeedAsync(Services.GetRequiredService<ConnectionFactory>(), TimeProvider.System, operatorAccount?.UserId, "会津若松");
    }

    private static List<string> WatchForProblems(IPage page)
    {
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
        return problems;
    }
}
