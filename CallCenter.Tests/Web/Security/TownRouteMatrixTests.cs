using System.IO.Compression;
using System.Net;
using System.Reflection;
using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Imports;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using WebPolicies = CallCenter.Web.Security.Policies;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// Issue 19, item 3: "the authorization tests cover every route for a one-town account and an all-towns account". Every
/// route the app serves (Razor pages' <see cref="RouteAttribute"/>s and the endpoint data source: API, exports, health,
/// account endpoints) is a row of <see cref="Route_AnswersEachAccount_ByItsTowns"/>, once with the ids of 汐見町 (town 1)
/// and, where a route names a person, call, request or town, once with 大熊町's; a route the app gains fails
/// <see cref="EveryRoute_IsInTheMatrix"/> until it is classified here. Each row is asked, with plain GETs (what
/// prerendering answers), by an operator, a supervisor and an admin limited to 汐見町 and by the same roles for all towns
/// (API routes: read and export keys of 汐見町 and of all towns): 200, a redirect to the forbidden page for a role the
/// route does not admit (403 for a key), 404 for another town's person or record, and a one-town answer never holds
/// 大熊町's people. Rows skipped with <c>town gap: part X</c> are routes whose town limit another part is building; the
/// skip reason gives the answer seen on main, so the row can be un-skipped when that part merges.
/// </summary>
public sealed class TownRouteMatrixTests(TownMatrixApp fixture) : IClassFixture<TownMatrixApp>
{
    public enum TownCase
    {
        /// <summary>Ids of 汐見町 (town 1), or no town= at all.</summary>
        Own,

        /// <summary>Ids of 大熊町 (town 2), or town=075451: out of a one-town account's reach.</summary>
        Other,
    }

    /// <summary>Expected: whatever the all-towns account or key of the same role answers (routes a town cannot change).</summary>
    private const int SameForAll = 0;

    /// <summary>Expected for a route only callable as a POST with its form's antiforgery token: an empty POST is refused.</summary>
    private const int BadRequest = 400;

    [Theory]
    // Anonymous routes: a town cannot change them (AuthorizationMatrixTests checks their anonymous answers).
    [InlineData("GET /account/sign-in", TownCase.Own, SameForAll)]
    [InlineData("GET /account/idle", TownCase.Own, SameForAll)]
    [InlineData("POST /account/sign-out", TownCase.Own, BadRequest)]
    [InlineData("GET /not-found", TownCase.Own, SameForAll)]
    [InlineData("GET /Error", TownCase.Own, SameForAll)]
    [InlineData("GET /api/health", TownCase.Own, SameForAll)]
    [InlineData("GET /api/health/live", TownCase.Own, SameForAll)]
    [InlineData("GET /api/{**path}", TownCase.Own, 404)]
    [InlineData("GET /public/notices", TownCase.Own, SameForAll)]
    [InlineData("GET /public/notices/{id:int}", TownCase.Own, 404)]
    [InlineData("GET /public/notices.atom", TownCase.Own, SameForAll)]
    [InlineData("GET /{**path:file}", TownCase.Own, SameForAll)]
    // Account endpoints and pages of one's own account.
    [InlineData("POST /account/keep-alive", TownCase.Own, 204)]
    [InlineData("GET /account/password", TownCase.Own, 200)]
    [InlineData("GET /account/forbidden", TownCase.Own, 403)]
    [InlineData("GET /api/me", TownCase.Own, 200)]
    // Pages without a parameter: town=075451 asked by a 汐見町 account is left out (200), never shown.
    [InlineData("GET /", TownCase.Own, 200)]
    [InlineData("GET /", TownCase.Other, 200)]
    [InlineData("GET /dashboard", TownCase.Own, 200)]
    [InlineData("GET /dashboard", TownCase.Other, 200)]
    [InlineData("GET /residents/list", TownCase.Own, 200)]
    [InlineData("GET /residents/list", TownCase.Other, 200)]
    [InlineData("GET /calls", TownCase.Own, 200)]
    [InlineData("GET /calls", TownCase.Other, 200)]
    [InlineData("GET /calls/new", TownCase.Own, 200)]
    [InlineData("GET /calls/codes", TownCase.Own, 200)]
    [InlineData("GET /inquiries", TownCase.Own, 200)]
    [InlineData("GET /inquiries", TownCase.Other, 200)]
    [InlineData("GET /approvals", TownCase.Own, 200)]
    [InlineData("GET /approvals", TownCase.Other, 200)]
    [InlineData("GET /provisional", TownCase.Own, 200)]
    [InlineData("GET /provisional", TownCase.Other, 200)]
    [InlineData("GET /provisional/new", TownCase.Own, 200)]
    [InlineData("GET /outbound", TownCase.Own, 200)]
    [InlineData("GET /outbound", TownCase.Other, 200)]
    [InlineData("GET /outbound/campaign", TownCase.Own, 200)]
    [InlineData("GET /outbound/campaign", TownCase.Other, 200)]
    [InlineData("GET /announcements", TownCase.Own, 200)]
    [InlineData("GET /announcements/{AnnouncementId:int}", TownCase.Own, 200)]
    [InlineData("GET /announcements/{AnnouncementId:int}", TownCase.Other, 404)]
    [InlineData("GET /requests", TownCase.Own, 200)]
    [InlineData("GET /requests", TownCase.Other, 200)]
    [InlineData("GET /requests/summary", TownCase.Own, 200)]
    [InlineData("GET /requests/summary", TownCase.Other, 200)]
    [InlineData("GET /admin/request-lists", TownCase.Own, 200)]
    [InlineData("GET /intentions/households", TownCase.Own, 200)]
    [InlineData("GET /intentions/households", TownCase.Other, 200)]
    [InlineData("GET /intentions/summary", TownCase.Own, 200)]
    [InlineData("GET /intentions/summary", TownCase.Other, 200)]
    [InlineData("GET /intentions/rounds", TownCase.Own, 200)]
    [InlineData("GET /intentions/import", TownCase.Own, 200)]
    [InlineData("GET /imports/review", TownCase.Own, 200)]
    [InlineData("GET /imports/review", TownCase.Other, 200)]
    [InlineData("GET /imports/status", TownCase.Own, 200)]
    [InlineData("GET /admin/register", TownCase.Own, 200)]
    [InlineData("GET /mailing/import", TownCase.Own, 200)]
    [InlineData("GET /mailing/returned", TownCase.Own, 200)]
    [InlineData("GET /mailing/returned", TownCase.Other, 200)]
    [InlineData("GET /scripts", TownCase.Own, 200)]
    [InlineData("GET /exports", TownCase.Own, 200)]
    [InlineData("GET /exports", TownCase.Other, 200)]
    [InlineData("GET /admin/users", TownCase.Own, 200)]
    [InlineData("GET /admin/api-keys", TownCase.Own, 200)]
    [InlineData("GET /admin/towns", TownCase.Own, 200)]
    [InlineData("GET /admin/audit", TownCase.Own, 200)]
    [InlineData("GET /admin/audit", TownCase.Other, 200)]
    // Pages about one person, call or request: another town's is not found.
    [InlineData("GET /residents/{ResidentNo}", TownCase.Own, 200)]
    [InlineData("GET /residents/{ResidentNo}", TownCase.Other, 404)]
    [InlineData("GET /residents/{ResidentNo}/call", TownCase.Own, 200)]
    [InlineData("GET /residents/{ResidentNo}/call", TownCase.Other, 404)]
    [InlineData("GET /residents/{ResidentNo}/inquiry", TownCase.Own, 200)]
    [InlineData("GET /residents/{ResidentNo}/inquiry", TownCase.Other, 404)]
    [InlineData("GET /calls/{CallId:long}", TownCase.Own, 200)]
    [InlineData("GET /calls/{CallId:long}", TownCase.Other, 404)]
    [InlineData("GET /requests/{RequestId:long}", TownCase.Own, 200)]
    [InlineData("GET /requests/{RequestId:long}", TownCase.Other, 404)]
    // Files made for a signed-in supervisor (and the admin's audit log).
    [InlineData("GET /exports/files/{token}", TownCase.Own, 404)]
    [InlineData("GET /admin/audit/export.csv", TownCase.Own, 200)]
    [InlineData("GET /admin/audit/export.xlsx", TownCase.Own, 200)]
    // Every export: under /exports for signed-in supervisors, under /api/export for export keys. A town outside the
    // account's or key's scope is 404, the same answer as an unknown town (so a key cannot probe which towns exist).
    [InlineData("GET /exports/residents.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/residents.csv", TownCase.Other, 404)]
    [InlineData("GET /exports/unconfirmed.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/unconfirmed.csv", TownCase.Other, 404)]
    [InlineData("GET /exports/calls.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/calls.csv", TownCase.Other, 404)]
    [InlineData("GET /exports/reports.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/reports.csv", TownCase.Other, 404)]
    [InlineData("GET /exports/requests.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/requests.csv", TownCase.Other, 404)]
    [InlineData("GET /exports/residents.xlsx", TownCase.Own, 200)]
    [InlineData("GET /exports/residents.xlsx", TownCase.Other, 404)]
    [InlineData("GET /exports/unconfirmed.xlsx", TownCase.Own, 200)]
    [InlineData("GET /exports/unconfirmed.xlsx", TownCase.Other, 404)]
    [InlineData("GET /exports/calls.xlsx", TownCase.Own, 200)]
    [InlineData("GET /exports/calls.xlsx", TownCase.Other, 404)]
    [InlineData("GET /exports/reports.xlsx", TownCase.Own, 200)]
    [InlineData("GET /exports/reports.xlsx", TownCase.Other, 404)]
    [InlineData("GET /exports/requests.xlsx", TownCase.Own, 200)]
    [InlineData("GET /exports/requests.xlsx", TownCase.Other, 404)]
    [InlineData("GET /exports/mailing.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/mailing.csv", TownCase.Other, 404)]
    [InlineData("GET /exports/mailing-missing.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/mailing-missing.csv", TownCase.Other, 404)]
    [InlineData("GET /exports/intentions.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/intentions.csv", TownCase.Other, 404)]
    [InlineData("GET /exports/intentions-summary.csv", TownCase.Own, 200)]
    [InlineData("GET /exports/intentions-summary.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/residents.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/residents.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/unconfirmed.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/unconfirmed.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/calls.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/calls.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/reports.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/reports.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/requests.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/requests.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/residents.xlsx", TownCase.Own, 200)]
    [InlineData("GET /api/export/residents.xlsx", TownCase.Other, 404)]
    [InlineData("GET /api/export/unconfirmed.xlsx", TownCase.Own, 200)]
    [InlineData("GET /api/export/unconfirmed.xlsx", TownCase.Other, 404)]
    [InlineData("GET /api/export/calls.xlsx", TownCase.Own, 200)]
    [InlineData("GET /api/export/calls.xlsx", TownCase.Other, 404)]
    [InlineData("GET /api/export/reports.xlsx", TownCase.Own, 200)]
    [InlineData("GET /api/export/reports.xlsx", TownCase.Other, 404)]
    [InlineData("GET /api/export/requests.xlsx", TownCase.Own, 200)]
    [InlineData("GET /api/export/requests.xlsx", TownCase.Other, 404)]
    [InlineData("GET /api/export/mailing.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/mailing.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/mailing-missing.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/mailing-missing.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/intentions.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/intentions.csv", TownCase.Other, 404)]
    [InlineData("GET /api/export/intentions-summary.csv", TownCase.Own, 200)]
    [InlineData("GET /api/export/intentions-summary.csv", TownCase.Other, 404)]
    // The resident API (read keys).
    [InlineData("GET /api/residents/search", TownCase.Own, 200)]
    [InlineData("GET /api/residents/search", TownCase.Other, 200)]
    [InlineData("GET /api/residents/by-phone/{phone}", TownCase.Own, 200)]
    [InlineData("GET /api/residents/by-phone/{phone}", TownCase.Other, 200)]
    [InlineData("GET /api/residents/{residentNo}", TownCase.Own, 200)]
    [InlineData("GET /api/residents/{residentNo}", TownCase.Other, 404)]
    [InlineData("GET /api/intentions/summary", TownCase.Own, 200)]
    [InlineData("GET /api/intentions/summary", TownCase.Other, 404)]
    public async Task Route_AnswersEachAccount_ByItsTowns(string route, TownCase townCase, int expected)
    {
        var endpoint = Endpoints().GetValueOrDefault(route)
            ?? throw new InvalidOperationException($"{route} is in the matrix but the app does not serve it.");
        var problems = await CheckAsync(route, endpoint, townCase, expected);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryRoute_IsInTheMatrix()
    {
        var served = Endpoints().Keys.ToHashSet(StringComparer.Ordinal);
        var components = typeof(CallCenter.Web.WebApp).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => "GET " + r.Template)
            .ToHashSet(StringComparer.Ordinal);
        var rows = MatrixRoutes();

        // A guard against a discovery that finds nothing, and every Razor page is served.
        Assert.True(components.Count >= 30, $"only {components.Count} routed components");
        Assert.Empty(components.Except(served));
        var unclassified = served.Except(rows).Order().ToList();
        var stale = rows.Except(served).Order().ToList();
        Assert.True(unclassified.Count == 0, "Routes the town matrix does not classify (add a row):" + Environment.NewLine + string.Join(Environment.NewLine, unclassified));
        Assert.True(stale.Count == 0, "Matrix rows of routes the app no longer serves:" + Environment.NewLine + string.Join(Environment.NewLine, stale));
    }

    [Fact]
    public async Task AllTownsAnswers_HoldTheSecondTown_SoTheLeakCheckHasSomethingToFind()
    {
        // The one-town answers above are checked for 大熊町's people; this shows that the same routes do carry them for
        // an account or key of all towns (otherwise "nothing leaked" would prove nothing).
        var supervisor = fixture.Clients["test-supervisor"];
        var files = await BodyAsync(await supervisor.GetAsync("/exports/residents.csv"));
        Assert.Contains("鬼塚", files, StringComparison.Ordinal);
        Assert.Contains("真鍋", files, StringComparison.Ordinal);
        var t1Files = await BodyAsync(await fixture.Clients["t1-supervisor"].GetAsync("/exports/residents.csv"));
        Assert.Contains("真鍋", t1Files, StringComparison.Ordinal);
        Assert.DoesNotContain("鬼塚", t1Files, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/residents/0000003");
        request.Headers.Add("X-Api-Key", fixture.Keys["read-all"]);
        var person = await BodyAsync(await supervisor.Http.SendAsync(request));
        Assert.Contains("剣持", person, StringComparison.Ordinal);
    }

    private async Task<List<string>> CheckAsync(string route, RouteInfo endpoint, TownCase townCase, int expected)
    {
        var method = route[..route.IndexOf(' ', StringComparison.Ordinal)];
        var template = route[(method.Length + 1)..];
        var instances = Instances(template, townCase);
        Assert.NotEmpty(instances);
        var problems = new List<string>();
        foreach (var actor in Actors(endpoint))
        {
            foreach (var path in instances)
            {
                var (status, location, body) = await SendAsync(actor, method, path);
                var twin = expected == SameForAll && actor.FirstTownOnly
                    ? await SendAsync(Actors(endpoint).Single(a => !a.FirstTownOnly && a.Role == actor.Role && a.Scope == actor.Scope), method, path)
                    : default;
                string? wrong = null;
                if (!actor.Admitted)
                {
                    var refused = actor.IsKey ? status == 403 : status == 403 || IsForbiddenRedirect(status, location);
                    if (!refused)
                    {
                        wrong = "the role's refusal (403 or the forbidden page)";
                    }
                }
                else if (expected == SameForAll)
                {
                    if (actor.FirstTownOnly && status != twin.Status)
                    {
                        wrong = $"{twin.Status}, as for all towns";
                    }
                }
                else
                {
                    var want = townCase == TownCase.Other && !actor.FirstTownOnly ? 200 : expected;
                    if (template.StartsWith("/requests/{", StringComparison.Ordinal) && actor.Role == UserRole.Operator)
                    {
                        want = 404; // an operator sees only its department's requests, and the matrix's operators have none
                    }
                    if (actor.IsKey && !actor.FirstTownOnly && path.EndsWith("/residents/0000001", StringComparison.Ordinal))
                    {
                        want = 409; // the number is in both towns the key sees: the answer names them and asks for town=
                    }
                    if (status != want)
                    {
                        wrong = want.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                if (wrong is not null)
                {
                    problems.Add($"{method} {path} as {actor.Name}: {status} {location}, expected {wrong}");
                }
                if (actor.FirstTownOnly && TownMatrixApp.SecondTownMarks.FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal)) is { } leaked)
                {
                    var at = body.IndexOf(leaked, StringComparison.Ordinal);
                    problems.Add($"{method} {path} as {actor.Name} shows 大熊町's 「{leaked}」: …{body[Math.Max(0, at - 80)..Math.Min(body.Length, at + 80)]}…");
                }
            }
        }
        return problems;
    }

    /// <summary>Concrete paths of a route template: the ids of 汐見町's records (Own) or of 大熊町's (Other).</summary>
    private List<string> Instances(string template, TownCase townCase)
    {
        var own = townCase == TownCase.Own;
        var firstTown = "?town=" + TownMatrixApp.FirstCode;
        var secondTown = "?town=" + TownMatrixApp.SecondCode;
        (string Segment, string Query)[] values = template switch
        {
            _ when template.Contains("{ResidentNo}", StringComparison.OrdinalIgnoreCase) => own
                ? [("0000002", ""), ("0000001", ""), ("0000001", firstTown)]
                : [("0000003", ""), ("0000001", secondTown)],
            _ when template.Contains("{CallId", StringComparison.Ordinal) => [(fixture.CallIds[own ? 0 : 1].ToString(System.Globalization.CultureInfo.InvariantCulture), "")],
            _ when template.Contains("{RequestId", StringComparison.Ordinal) => [(fixture.RequestIds[own ? 0 : 1].ToString(System.Globalization.CultureInfo.InvariantCulture), "")],
            // Own: 汐見町's announcement and one naming no town (it reaches every town); Other: 大熊町's only.
            _ when template.Contains("{AnnouncementId", StringComparison.Ordinal) => own
                ? [(fixture.AnnouncementIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture), ""), (fixture.AnnouncementIds[2].ToString(System.Globalization.CultureInfo.InvariantCulture), "")]
                : [(fixture.AnnouncementIds[1].ToString(System.Globalization.CultureInfo.InvariantCulture), "")],
            _ when template.Contains("{phone}", StringComparison.Ordinal) => [(own ? "0240-11-1111" : "0240-99-9999", "")],
            _ when template.EndsWith("/search", StringComparison.Ordinal) => own
                ? [("", "?q=0000001"), ("", "?q=" + Uri.EscapeDataString("マナベ"))]
                : [("", "?q=" + Uri.EscapeDataString("鬼塚")), ("", "?q=0000003"), ("", "?q=0000001&town=" + TownMatrixApp.SecondCode)],
            _ when template.Contains(":file}", StringComparison.Ordinal) => [("report.txt", "")],
            _ when template.Contains('{', StringComparison.Ordinal) => [("1", "")],
            _ => own ? [("", "")] : [("", secondTown)],
        };
        return [.. values.Select(v => System.Text.RegularExpressions.Regex.Replace(template, "\\{[^}]+\\}", v.Segment) + v.Query)];
    }

    private sealed record Actor(string Name, UserRole Role, ApiKeyScope? Scope, bool FirstTownOnly, bool Admitted, bool IsKey);

    /// <summary>Who asks a route: the six accounts, or for the API behind a key the four keys.</summary>
    private static List<Actor> Actors(RouteInfo endpoint)
    {
        if (endpoint.IsKeyApi)
        {
            return [.. TownMatrixApp.KeyKinds.Select(k => new Actor(k.Name, UserRole.Operator, k.Scope, k.FirstTownOnly,
                endpoint.Policies.All(p => p == WebPolicies.ApiKey || p == WebPolicies.ApiRead && k.Scope == ApiKeyScope.Read || p == WebPolicies.ApiExport && k.Scope == ApiKeyScope.Export),
                IsKey: true))];
        }
        return [.. TownMatrixApp.Accounts.Select(a => new Actor(a.UserName, a.Role, null, a.FirstTownOnly, endpoint.Admits(a.Role), IsKey: false))];
    }

    private async Task<(int Status, string? Location, string Body)> SendAsync(Actor actor, string method, string path)
    {
        var client = actor.IsKey ? fixture.Clients["test-operator"] : fixture.Clients[actor.Name];
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "GET" ? null : new FormUrlEncodedContent([]),
        };
        if (actor.IsKey)
        {
            // A key is sent from a client without the cookie: the fresh handler has an empty jar.
            using var keyClient = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };
            request.Headers.Add("X-Api-Key", fixture.Keys[actor.Name]);
            using var keyed = await keyClient.SendAsync(request);
            return ((int)keyed.StatusCode, keyed.Headers.Location?.OriginalString, await BodyAsync(keyed));
        }
        using var response = await client.Http.SendAsync(request);
        return ((int)response.StatusCode, response.Headers.Location?.OriginalString, await BodyAsync(response));
    }

    /// <summary>The answer as text: HTML decoded, CP932 CSV decoded, an .xlsx workbook's parts read out of the zip.</summary>
    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length > 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var text = new StringBuilder();
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                text.Append(await reader.ReadToEndAsync());
            }
            return WebUtility.HtmlDecode(text.ToString());
        }
        var encoding = string.Equals(response.Content.Headers.ContentType?.CharSet, "shift_jis", StringComparison.OrdinalIgnoreCase)
            ? TextEncodingDetector.Cp932
            : Encoding.UTF8;
        return WebUtility.HtmlDecode(encoding.GetString(bytes));
    }

    private static bool IsForbiddenRedirect(int status, string? location) =>
        status == 302 && location is not null && location.Split('?')[0].EndsWith("/account/forbidden", StringComparison.Ordinal);

    /// <summary>The routes of the matrix: the rows of the theory.</summary>
    private static HashSet<string> MatrixRoutes()
    {
        var rows = typeof(TownRouteMatrixTests).GetMethod(nameof(Route_AnswersEachAccount_ByItsTowns))!
            .GetCustomAttributes<InlineDataAttribute>()
            .SelectMany(a => a.GetData(null!))
            .Select(data => (string)data[0]);
        return [.. rows];
    }

    private sealed record RouteInfo(bool IsKeyApi, IReadOnlyList<string> Policies, bool AllowsAnonymous)
    {
        public bool Admits(UserRole role) => AllowsAnonymous || Policies.All(p => p switch
        {
            WebPolicies.Admin => role == UserRole.Admin,
            WebPolicies.Supervisor => role >= UserRole.Supervisor,
            WebPolicies.Operator => true,
            _ => throw new InvalidOperationException($"The town matrix does not know the policy {p}."),
        });
    }

    /// <summary>The app's routes by "METHOD /template", less fingerprinted static files and Blazor's own endpoints.</summary>
    private Dictionary<string, RouteInfo> Endpoints()
    {
        var found = new Dictionary<string, RouteInfo>(StringComparer.Ordinal);
        foreach (var endpoint in fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null
                || raw.StartsWith("/_blazor", StringComparison.Ordinal) || raw.StartsWith("/_framework", StringComparison.Ordinal))
            {
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var key = (methods.Contains("GET") ? "GET" : methods[0]) + " " + raw;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(d => d.Policy).OfType<string>().Distinct().ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var isKeyApi = !anonymous && raw.StartsWith("/api/", StringComparison.Ordinal);
            found.TryAdd(key, new RouteInfo(isKeyApi, policies, anonymous));
        }
        return found;
    }
}
