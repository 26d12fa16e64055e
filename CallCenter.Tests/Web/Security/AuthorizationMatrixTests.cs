using System.Net;
using System.Text.Json;
using CallCenter.Data.Accounts;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// Every endpoint the app maps, found at run time from its EndpointDataSource (so a page or API added later is
/// checked without editing this file), requested without a sign-in and then as each role.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class AuthorizationMatrixTests(SecurityAppFixture fixture)
{
    /// <summary>
    /// The only endpoints anyone may call without signing in, with the status each answers then. Adding an
    /// anonymous endpoint to the app makes the matrix fail until it is added here, on purpose.
    /// </summary>
    private static readonly Dictionary<string, HttpStatusCode> AnonymousAllowList = new()
    {
        ["GET /account/sign-in"] = HttpStatusCode.OK,
        ["GET /account/idle"] = HttpStatusCode.Redirect,       // no session to end: straight to sign-in (a GET never signs out)
        ["POST /account/sign-out"] = HttpStatusCode.Redirect,  // same, for a session that has already ended
        ["GET /not-found"] = HttpStatusCode.OK,
        ["GET /Error"] = HttpStatusCode.OK,
        ["GET /api/health"] = HttpStatusCode.OK,
        ["GET /api/health/live"] = HttpStatusCode.OK,
        ["GET /api/1"] = HttpStatusCode.NotFound,               // /api/{**path}: an unknown API path, JSON 404
        ["GET /public/notices"] = HttpStatusCode.OK,            // the town's public notices: 公開 announcements only
        ["GET /public/notices/1"] = HttpStatusCode.NotFound,    // one notice: 404 unless it is 公開 and valid today
        ["GET /public/notices.atom"] = HttpStatusCode.OK,       // the same as an Atom feed
    };

    /// <summary>Which roles each policy admits: written out here, not read from the app's policy code.</summary>
    private static readonly Dictionary<string, UserRole[]> PolicyRoles = new()
    {
        [Policies.Operator] = [UserRole.Operator, UserRole.Supervisor, UserRole.Admin],
        [Policies.Supervisor] = [UserRole.Supervisor, UserRole.Admin],
        [Policies.Admin] = [UserRole.Admin],
    };

    private CallCenterAppFactory App => fixture.App;

    [Fact]
    public void Discovery_FindsThePagesAndApis_TheAppIsKnownToHave()
    {
        var found = Endpoints().Select(e => e.Key).ToHashSet();

        // A guard against a discovery that silently finds nothing (and so checks nothing).
        Assert.Superset(new HashSet<string> { "GET /", "GET /account/sign-in", "GET /account/password", "GET /api/me", "POST /account/keep-alive" }, found);
    }

    [Fact]
    public async Task EveryEndpoint_AsksForSignIn_When_Anonymous_Except_TheAllowList()
    {
        using var client = App.NewClient();
        var anonymous = new List<string>();
        var problems = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            using var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path)
            {
                Content = endpoint.Method == "GET" ? null : new FormUrlEncodedContent([]),
            });
            var challenged = endpoint.IsApi
                ? await IsApiChallengeAsync(response)
                : IsSignInRedirect(response, endpoint.Path);
            if (!challenged)
            {
                anonymous.Add(endpoint.Key);
                if (AnonymousAllowList.TryGetValue(endpoint.Key, out var expected) && response.StatusCode != expected)
                {
                    problems.Add($"{endpoint.Key} answered {(int)response.StatusCode}, expected {(int)expected}");
                }
            }
            else if (AnonymousAllowList.ContainsKey(endpoint.Key))
            {
                problems.Add($"{endpoint.Key} should be open without sign-in but answered {(int)response.StatusCode} {response.Headers.Location}");
            }
            // The metadata must say the same as the behaviour: [AllowAnonymous] exactly on the allow-list.
            if (endpoint.AllowsAnonymous != AnonymousAllowList.ContainsKey(endpoint.Key))
            {
                problems.Add($"{endpoint.Key}: [AllowAnonymous] is {endpoint.AllowsAnonymous}, the allow-list says {!endpoint.AllowsAnonymous}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(AnonymousAllowList.Keys.Order(), anonymous.Order());
    }

    [Theory]
    [InlineData("test-operator", UserRole.Operator)]
    [InlineData("test-supervisor", UserRole.Supervisor)]
    [InlineData("test-admin", UserRole.Admin)]
    public async Task EveryEndpoint_AnswersARole_AsItsPoliciesSay(string userName, UserRole role)
    {
        using var client = App.NewClient();
        await client.SignInAsync(userName);
        var forbiddenPath = App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(CookieAuthenticationDefaults.AuthenticationScheme).AccessDeniedPath.Value;
        var problems = new List<string>();
        var checkedPages = 0;
        // The anonymous endpoints are covered above.
        foreach (var endpoint in Endpoints().Where(e => !e.AllowsAnonymous))
        {
            using var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path)
            {
                Content = endpoint.Method == "GET" ? null : new FormUrlEncodedContent([]),
            });
            if (endpoint.IsApi)
            {
                // A staff cookie is not an API key: every protected API still answers 401.
                if (!await IsApiChallengeAsync(response))
                {
                    problems.Add($"{endpoint.Key} with a {role} cookie answered {(int)response.StatusCode}, expected a 401 asking for a key");
                }
                continue;
            }
            var allowed = RoleMayUse(endpoint.AuthorizeData, role, out var unknown);
            if (unknown is not null)
            {
                problems.Add($"{endpoint.Key} requires '{unknown}', which this matrix does not know: add it to {nameof(PolicyRoles)}");
                continue;
            }
            if (!endpoint.IsPage)
            {
                // Not a page (a POST endpoint, the static-file fallback): refused or not, never a 404 decides.
                var refused = response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                if (refused == allowed)
                {
                    problems.Add($"{endpoint.Key} answered {(int)response.StatusCode} {response.Headers.Location} to {role}");
                }
                continue;
            }
            checkedPages++;
            var expected = !allowed ? "forbidden"
                : endpoint.Path == forbiddenPath ? "403 (the forbidden page itself)"
                : "200";
            var ok = !allowed ? IsForbidden(response, forbiddenPath)
                : endpoint.Path == forbiddenPath ? response.StatusCode == HttpStatusCode.Forbidden
                : response.StatusCode == HttpStatusCode.OK
                  // A page about one record ([NotFoundUnless]: /residents/1, /requests/1, none seeded) answers 404 when it is missing.
                  || (response.StatusCode == HttpStatusCode.NotFound && endpoint.ChecksItsRecord);
            if (!ok)
            {
                problems.Add($"{endpoint.Key} as {role}: {(int)response.StatusCode} {response.Headers.Location}, expected {expected}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(checkedPages >= 3, $"only {checkedPages} signed-in pages were checked");
        // Still signed in after the whole walk: no endpoint on the way signed the user out.
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    private static bool RoleMayUse(IReadOnlyList<IAuthorizeData> authorizeData, UserRole role, out string? unknown)
    {
        unknown = null;
        foreach (var data in authorizeData)
        {
            if (data.Policy is { } policy)
            {
                if (!PolicyRoles.TryGetValue(policy, out var roles))
                {
                    unknown = policy;
                    return false;
                }
                if (!roles.Contains(role))
                {
                    return false;
                }
            }
            if (data.Roles is { } names && !names.Split(',').Select(n => n.Trim()).Contains(role.ToString()))
            {
                return false;
            }
        }
        // No policy or role named: the fallback policy, any signed-in user.
        return true;
    }

    private static bool IsSignInRedirect(HttpResponseMessage response, string path)
    {
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location)
        {
            return false;
        }
        var absolute = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location);
        var query = QueryHelpers.ParseQuery(absolute.Query);
        return absolute.AbsolutePath == "/account/sign-in" && query.TryGetValue("returnUrl", out var returnUrl) && returnUrl == path;
    }

    private static bool IsForbidden(HttpResponseMessage response, string? forbiddenPath) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
            && (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]) == forbiddenPath;

    /// <summary>401 with a JSON body carrying an error message (not a redirect to an HTML page).</summary>
    internal static async Task<bool> IsApiChallengeAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return false;
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("error", out var error) && error.GetString() is { Length: > 0 };
    }

    private sealed record AppEndpoint(string Method, string Path, bool IsPage, bool IsApi, bool AllowsAnonymous, IReadOnlyList<IAuthorizeData> AuthorizeData,
        bool ChecksItsRecord = false)
    {
        public string Key => $"{Method} {Path}";
    }

    /// <summary>
    /// The app's endpoints, less the ones that are not the app's own: fingerprinted static files (public by
    /// design, no data) and Blazor's framework endpoints (the circuit hub authenticates on its own).
    /// </summary>
    private IReadOnlyList<AppEndpoint> Endpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .Where(e => e.RoutePattern.RawText is not { } raw
                        || !raw.TrimStart('/').StartsWith("_blazor", StringComparison.Ordinal) && !raw.TrimStart('/').StartsWith("_framework", StringComparison.Ordinal))
            .Select(e =>
            {
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var method = methods.Contains("GET") ? "GET" : methods[0];
                var path = FillRoute(e.RoutePattern);
                return new AppEndpoint(method, path,
                    IsPage: e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null,
                    IsApi: path.StartsWith("/api/", StringComparison.Ordinal),
                    AllowsAnonymous: e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                    AuthorizeData: e.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                    ChecksItsRecord: e.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type.GetCustomAttributes(
                        typeof(CallCenter.Web.Components.Pages.NotFoundUnlessAttribute), true).Length > 0);
            })
            .DistinctBy(e => e.Key)
            .ToList();

    /// <summary>A concrete path for a route: plausible values for its parameters, by their constraints.</summary>
    private static string FillRoute(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => ParameterValue(parameter),
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    private static string ParameterValue(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        return constraints switch
        {
            _ when constraints.Contains("int") || constraints.Contains("long") => "1",
            _ when constraints.Contains("guid") => Guid.Empty.ToString(),
            _ when constraints.Contains("file") => "report.txt",
            _ when constraints.Contains("bool") => "true",
            _ when constraints.Contains("datetime") => "2024-01-01",
            _ => "1",
        };
    }
}
