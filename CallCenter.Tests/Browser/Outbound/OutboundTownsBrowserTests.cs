using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Database;
using CallCenter.Data.Imports;
using CallCenter.Data.Outbound;
using CallCenter.Data.Towns;
using CallCenter.Tests.Browser.Calls;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CallCenter.Tests.Browser.Outbound;

/// <summary>
/// Issue 19 on /outbound and /outbound/campaign in Chromium, in an app of its own (a second town would make the shared
/// app a joint center for every other test): two towns with the same household numbers and a 本町 each. A 汐見町-only
/// operator's 「次へ」 hands out 汐見町's household although 浜風町's are of a higher priority, and the card names the town;
/// a supervisor of all towns sees each district with its town and the list form's 町 choice. Screenshots at 1366×768.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OutboundTownsBrowserTests(BrowserFixture browser)
{
    private const string Shiomi = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        0000001,H0001,世帯主,青木 健一,アオキ ケンイチ,1980-04-01,男,本町,汐見町本町1-1,0240-10-0001,0,
        0000002,H0001,妻,青木 幸子,アオキ サチコ,1982-05-02,女,本町,汐見町本町1-1,,0,
        """;

    private const string Hamakaze = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号,要支援者,要支援理由
        0000001,H0001,世帯主,上田 トメ,ウエダ トメ,1939-07-07,女,本町,浜風町本町1,0240-20-0001,1,要介護3
        0000002,H0002,世帯主,遠藤 誠,エンドウ マコト,1940-06-06,男,山区,浜風町山3,0240-20-0002,1,要介護2
        """;

    [Fact]
    public async Task AOneTownOperator_GetsOnlyTheirTown_And_ASupervisor_SeesDistrictsWithTheirTowns()
    {
        var path = CallCenterAppFactory.NewDatabasePath();
        var app = new CallCenterAppFactory(settings: null, path);
        try
        {
            app.Start();
            var connections = app.Services.GetRequiredService<ConnectionFactory>();
            await ImportAsync(app, Shiomi, null);
            await using (var connection = await connections.OpenAsync())
            {
                await connection.ExecuteAsync("UPDATE Towns SET Code = '079995', Name = '汐見町' WHERE TownId = 1");
            }
            var hamakaze = (await app.Services.GetRequiredService<TownRepository>().AddAsync("079910", "浜風町")).Town!;
            app.Services.GetRequiredService<TownAccess>().Forget();
            await ImportAsync(app, Hamakaze, hamakaze.TownId);
            await app.Services.GetRequiredService<OutboundQueue>().RebuildAsync();
            var users = app.Services.GetRequiredService<UserRepository>();
            var shiomiOp = (await users.CreateAsync("shiomi-op", "汐見 オペ", UserRole.Operator, "いわき", SignInService.HashPassword(CallCenterAppFactory.TestPassword)))!.Value;
            await app.Services.GetRequiredService<TownRepository>().SetUserScopeAsync(shiomiOp, TownScope.Only([1]));

            // The 汐見町 operator: 浜風町's two households are ahead in priority, yet 汐見町's H0001 comes.
            var page = await browser.NewPageAsync(app.BaseAddress);
            await page.SetViewportSizeAsync(1366, 768);
            var problems = RecordCallBrowserTests.WatchForProblems(page);
            await page.SignInAsync("shiomi-op", returnPath: "/outbound");
            await page.WaitForInteractiveAsync();
            await page.GetByTestId("next").ClickAsync();
            await Assertions.Expect(page.GetByTestId("household")).ToHaveAttributeAsync("data-household", "H0001");
            await Assertions.Expect(page.GetByTestId("household-town")).ToHaveTextAsync("汐見町");
            await Assertions.Expect(page.GetByTestId("member-0000001")).ToContainTextAsync("青木");
            await Assertions.Expect(page.GetByTestId("members")).Not.ToContainTextAsync("上田");
            await page.Mouse.MoveAsync(0, 0);
            await page.WaitForTimeoutAsync(300);
            await page.SaveScreenshotAsync(nameof(OutboundTownsBrowserTests) + ".outbound-one-town-1366x768", fullPage: false);
            // Given back and pressed again: 汐見町's only household once more, never a 浜風町 one.
            await page.GetByTestId("next").ClickAsync();
            await Assertions.Expect(page.GetByTestId("household")).ToHaveAttributeAsync("data-household", "H0001");
            await Assertions.Expect(page.GetByTestId("household-town")).ToHaveTextAsync("汐見町");
            await Assertions.Expect(page.GetByTestId("members")).Not.ToContainTextAsync("上田");
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            await page.Context.CloseAsync();

            // A supervisor of every town: 本町 twice, each with its town; the list form asks for the town.
            var supervisor = await browser.NewPageAsync(app.BaseAddress);
            await supervisor.SetViewportSizeAsync(1366, 768);
            var supervisorProblems = RecordCallBrowserTests.WatchForProblems(supervisor);
            await supervisor.SignInAsync("test-supervisor", returnPath: "/outbound/campaign");
            await supervisor.WaitForInteractiveAsync();
            await supervisor.GetByTestId("section-lists").Locator("summary").ClickAsync();
            await Assertions.Expect(supervisor.GetByTestId("section-lists").Locator(".mud-input-control.mud-select").Filter(new() { Has = supervisor.GetByTestId("list-town") }))
                .ToBeVisibleAsync();
            await supervisor.GetByTestId("section-districts").Locator("summary").ClickAsync();
            await supervisor.Locator(".mud-input-control.mud-select").Filter(new() { Has = supervisor.GetByTestId("assign-district") }).ClickAsync();
            var items = supervisor.Locator(".mud-popover-open .mud-list-item");
            await Assertions.Expect(items).ToHaveTextAsync(["汐見町 本町", "浜風町 山区", "浜風町 本町"]);
            await items.Nth(2).ClickAsync();
            await Assertions.Expect(supervisor.GetByTestId("assign-district")).ToHaveValueAsync("浜風町 本町");
            await supervisor.Mouse.MoveAsync(0, 0);
            await supervisor.WaitForTimeoutAsync(300);
            await supervisor.SaveScreenshotAsync(nameof(OutboundTownsBrowserTests) + ".campaign-two-towns-1366x768", fullPage: false);
            await supervisor.GetByTestId("section-lists").ScrollIntoViewIfNeededAsync();
            await supervisor.SaveScreenshotAsync(nameof(OutboundTownsBrowserTests) + ".campaign-two-towns-full", fullPage: true);
            Assert.True(supervisorProblems.Count == 0, string.Join(Environment.NewLine, supervisorProblems));
            await supervisor.Context.CloseAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task ImportAsync(CallCenterAppFactory app, string register, int? townId)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(register));
        var result = await app.Services.GetRequiredService<ResidentImportService>().ImportAsync(csv, dryRun: false, townId: townId);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }
}
