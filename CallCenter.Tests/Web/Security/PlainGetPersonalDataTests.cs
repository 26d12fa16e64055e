using System.Net;
using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Imports;
using CallCenter.Data.Inquiries;
using CallCenter.Data.Outbound;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Data.Imports;
using CallCenter.Data.Database;
using CallCenter.Data.Towns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using CallCenter.Data.Provisional;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// Issue 12, item 3: a plain HTTP GET of any page with a signed-in cookie (what curl does: prerendering only, no
/// circuit) carries no personal data and reads none, so there is nothing to leave unaudited. Every page the app
/// maps is found at run time, so a page added later is checked without editing this file; the database holds
/// a person on every list (resident, household, provisional person, pending approval, inquiry message, review
/// queue line, claimed outbound household) so each page would have something to show.
/// </summary>
public sealed class PlainGetPersonalDataTests(PlainGetPersonalDataTests.SeededApp fixture) : IClassFixture<PlainGetPersonalDataTests.SeededApp>
{
    private const string Register = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        PG001,PGH1,世帯主,真壁 源一郎,マカベ ゲンイチロウ,昭和12年7月7日,男,浜区,汐見町浜7-77,0240-77-7001
        PG002,PGH1,妻,真壁 すみれ,マカベ スミレ,1941-04-04,女,浜区,汐見町浜7-77,090-7777-0002
        PG003,PGH2,世帯主,柊 千鶴子,ヒイラギ チヅコ,1950-10-10,女,山区,汐見町山8-88,0240-88-8003
        """;

    /// <summary>What must not appear in a prerendered page: names, readings, birth dates, phones, addresses, a message.</summary>
    private static readonly string[] PersonalData =
    [
        "真壁", "源一郎", "マカベ", "まかべ", "柊", "千鶴子", "ヒイラギ", "蓬田", "ヨモギダ", "鷲尾", "ワシオ", "蒲生",
        "昭和12年", "S12.7.7", "1937/", "1937-", "1937年", "1941-04-04", "1941/04/04", "1941年", "1950-10-10", "1950/10/10", "1950年",
        "0240-77-7001", "0240777001", "090-7777-0002", "09077770002", "080-1212-3434", "0240-88-8003",
        "汐見町浜7-77", "汐見町山8-88",
    ];

    [Fact]
    public async Task EveryPage_On_APlainGetWithACookie_ShowsNoPersonalData_And_WritesNoAuditRow()
    {
        var app = fixture.App;
        using var client = app.NewClient();
        await client.SignInAsync("test-admin");
        var pages = Pages(app);
        // A guard against a discovery that silently finds nothing.
        Assert.Contains("/residents/PG001", pages);
        Assert.Contains("/residents/PG001/call", pages);

        var problems = new List<string>();
        foreach (var path in pages)
        {
            var before = await AuditCountAsync(app);
            using var response = await client.GetAsync(path);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            // A page about one record (a [NotFoundUnless] page: /requests/1 and /announcements/1 here, none seeded) answers 404 when it is missing.
            if (response.StatusCode != HttpStatusCode.OK && !(path == "/account/forbidden" && response.StatusCode == HttpStatusCode.Forbidden)
                && !(response.StatusCode == HttpStatusCode.NotFound && path is "/requests/1" or "/announcements/1"))
            {
                problems.Add($"GET {path} answered {(int)response.StatusCode}, expected 200 for an admin");
            }
            var leaked = PersonalData.Where(d => html.Contains(d, StringComparison.Ordinal)).ToList();
            if (leaked.Count > 0)
            {
                problems.Add($"GET {path} shows {string.Join("、", leaked)}: " + string.Join(" | ", leaked.Select(d => html.Substring(Math.Max(0, html.IndexOf(d, StringComparison.Ordinal) - 150), Math.Min(300, html.Length - Math.Max(0, html.IndexOf(d, StringComparison.Ordinal) - 150))))));
            }
            var written = await AuditCountAsync(app) - before;
            if (written != 0)
            {
                problems.Add($"GET {path} wrote {written} audit row(s): a page read data while prerendering");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task PrerenderedPage_ShowsTheChrome_And_ALoadingBar()
    {
        using var client = fixture.App.NewClient();
        await client.SignInAsync("test-admin");

        using var response = await client.GetAsync("/residents/PG001");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"page-loading\"", html, StringComparison.Ordinal);
        Assert.Contains("安否情報コールセンター", html, StringComparison.Ordinal);
        Assert.Contains("data-interactive=\"false\"", html, StringComparison.Ordinal);
    }

    private static Task<long> AuditCountAsync(CallCenterAppFactory app) =>
        app.QueryAsync<long>("SELECT COUNT(*) FROM AuditLog").ContinueWith(t => t.Result[0], TaskScheduler.Default);

    /// <summary>Every page's GET path (signed-in pages only: the anonymous ones are the sign-in forms and errors).</summary>
    private static List<string> Pages(CallCenterAppFactory app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => "/" + string.Join('/', e.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart { Name: "ResidentNo" } => "PG001",
                RoutePatternParameterPart => "1",
                _ => "",
            })))))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>The real app with one person on every list a page can show.</summary>
    public sealed class SeededApp : IAsyncLifetime
    {
        public CallCenterAppFactory App { get; } = new();

        public async Task InitializeAsync()
        {
            App.Start();
            var services = App.Services;
            var connections = services.GetRequiredService<ConnectionFactory>();
            await CallTestData.ImportAsync(connections, Register);
            var users = services.GetRequiredService<UserRepository>();
            var op = new OperatorContext((await users.FindByNameAsync("test-operator"))!.UserId, "test-operator", "会津若松");
            var admin = new OperatorContext((await users.FindByNameAsync("test-admin"))!.UserId, "test-admin", "会津若松");

            // A 死亡 report waiting for approval (approvals page, resident history).
            var wife = await CallTestData.ResidentAsync(connections, "PG002");
            var call = await services.GetRequiredService<CallRecordingService>().SaveAsync(
                new CallDraft(CallDirection.Inbound, "真壁 源一郎", "0240-77-7001", "夫", "蒲生さん経由",
                    [CallTestData.Report(wife, SafetyStatus.Deceased)], WrapUpCodeId: CallTestData.SafetyReportCode), op);
            Assert.True(call.Saved, string.Join(" ", call.Errors.Select(e => e.Message)));

            // A provisional person (provisional list).
            var (provisionalNo, problems) = await services.GetRequiredService<ProvisionalPersonService>().CreateAsync(
                new ProvisionalPersonDraft("蓬田", "しのぶ", "ヨモギダ", "シノブ", "1950-10-10", Sex.Female, "080-1212-3434", null), op);
            Assert.True(provisionalNo is not null, string.Join(" ", problems));

            // An inquiry with a message for the head (inquiry log, resident page, outbound worklist).
            var head = await CallTestData.ResidentAsync(connections, "PG001");
            var inquiry = await services.GetRequiredService<InquiryRepository>().RecordAsync(new InquiryDraft(head.ResidentId,
                InquirerType.Relative, "蒲生 トメ", "姉", "022-261-0000", null, DisclosureItems.None, "蒲生の姉が心配しています", null), op);
            Assert.True(inquiry.Saved, string.Join(" ", inquiry.Errors));

            // A status-list line that matches no one (review queue).
            var csv = string.Join("\r\n", StatusImportTestData.Header,
                ",鷲尾 巌,ワシオ イワオ,1944/02/02,男,無事,避難所,福島県,会津若松市,鶴ヶ城体育館,0242-00-1111,2026/03/12", "");
            var imported = await services.GetRequiredService<StatusListImportService>().CommitAsync(
                new MemoryStream(Encoding.UTF8.GetBytes(csv)), "list.csv", ReportSource.ShelterList, admin);
            Assert.True(imported.Succeeded, string.Join(" ", imported.Errors.Select(e => e.ToString())));

            // A household the admin holds on the outbound worklist (outbound page).
            await services.GetRequiredService<OutboundQueue>().RebuildAsync();
            var claim = await services.GetRequiredService<OutboundWorklist>().ClaimNextAsync(admin, TownScope.All);
            Assert.NotNull(claim.Household);
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
