using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenter.Data.ApiKeys;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>An app with low rate limits: 5 sign-in posts and 20 anonymous API requests per address and minute.</summary>
public sealed class RateLimitAppFixture() : StartedAppFixture(new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = SignInPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:AnonymousApiPerMinute"] = AnonymousApiPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:PublicPerMinute"] = PublicPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    })
{
    public const int SignInPerMinute = 5;
    public const int AnonymousApiPerMinute = 20;
    public const int PublicPerMinute = 10;
}

/// <summary>
/// Floods of sign-in posts and of anonymous /api requests are answered 429 with Retry-After and a JSON message, and
/// anonymous API requests leave at most one audit row per client address and minute (issue 12).
/// </summary>
public sealed partial class RateLimitTests(RateLimitAppFixture fixture) : IClassFixture<RateLimitAppFixture>
{
    private CallCenterAppFactory App => fixture.App;

    [Fact]
    public async Task SignInFlood_IsAnswered429_WithRetryAfter_And_AJapaneseJsonError()
    {
        using var client = App.NewClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < RateLimitAppFixture.SignInPerMinute + 3 && limited is null; i++)
        {
            var response = await client.TrySignInAsync("test-operator", $"wrong-password-{i}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            // The window may have turned over once during the loop, never more.
            Assert.InRange(statuses.Count, RateLimitAppFixture.SignInPerMinute + 1, RateLimitAppFixture.SignInPerMinute + 3);
            await AssertTooManyAsync(limited, "サインイン");
        }
        // The sign-in page itself (a GET) is not limited.
        using var page = await client.GetAsync("/account/sign-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task AnonymousApiFlood_IsAnswered429_And_LeavesAtMostOneAuditRowPerAddressAndMinute()
    {
        var tally = App.Services.GetRequiredService<AnonymousApiTally>();
        await tally.FlushAsync(all: true);
        var before = (await App.QueryAsync<long>("SELECT COALESCE(MAX(AuditId), 0) FROM AuditLog")).Single();
        var (_, secret) = await App.CreateApiKeyAsync(ApiKeyScope.Read);
        using var client = App.NewClient();
        var longPath = "/api/" + new string('x', 2000);
        var paths = new[] { "/api/me", "/api/residents/search?q=sato", longPath, "/api/no-such-thing" };

        var started = DateTime.UtcNow;
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var batch = 0; batch < 50; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.GetAsync(paths[(batch * 10 + i) % paths.Length])));
            foreach (var response in responses)
            {
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && limited is null)
                {
                    limited = response;
                    continue;
                }
                response.Dispose();
            }
        }
        var minutes = (int)(DateTime.UtcNow - started).TotalMinutes + 2;
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        withKey.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, secret);
        using var keyed = await client.Http.SendAsync(withKey);
        var rowsBeforeFlush = await App.QueryAsync<string>("SELECT Details FROM AuditLog WHERE AuditId > @before AND TargetType = 'client'", new { before });
        await tally.FlushAsync(all: true);

        Assert.Equal(500, statuses.Count);
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 500 - minutes * RateLimitAppFixture.AnonymousApiPerMinute,
            string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}×{g.Count()}")));
        Assert.NotNull(limited);
        using (limited)
        {
            await AssertTooManyAsync(limited, "API");
        }
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.True(rowsBeforeFlush.Count <= minutes, $"{rowsBeforeFlush.Count} rows were written during the flood");
        var rows = await App.QueryAsync<AuditRow>("""
            SELECT AuditId, UserId, UserName, Action, TargetType, TargetId, Details
              FROM AuditLog
             WHERE AuditId > @before
               AND Action = 'api'
            """, new { before });
        var anonymous = rows.Where(r => r.TargetType == "client").ToList();
        Assert.InRange(anonymous.Count, 1, Math.Min(2, minutes));
        Assert.All(anonymous, r => Assert.Equal("127.0.0.1", r.TargetId));
        Assert.Equal(500, anonymous.Sum(r => int.Parse(RequestCount().Match(r.Details!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(anonymous, r => Assert.True(r.Details!.Length < 400, $"an audit row of {r.Details!.Length} characters"));
        // The one call with a valid key keeps its own row.
        Assert.Equal("/api/me", Assert.Single(rows, r => r.TargetType == "endpoint").TargetId);
    }

    [Fact]
    public async Task PublicNoticesFlood_IsAnswered429_WithRetryAfter_And_APlainJapaneseMessage()
    {
        using var client = new HttpClient { BaseAddress = App.BaseAddress };
        HttpResponseMessage? limited = null;
        var answered = 0;
        for (var i = 0; i < RateLimitAppFixture.PublicPerMinute * 3 && limited is null; i++)
        {
            var response = await client.GetAsync(i % 2 == 0 ? "/public/notices" : "/public/notices.atom");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                answered++;
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        Assert.InRange(answered, 1, RateLimitAppFixture.PublicPerMinute);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("text/plain", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("アクセスが集中しています", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        limited.Dispose();
    }

    [Fact]
    public void Cut_KeepsAtMost200Characters()
    {
        var path = "/api/" + new string('y', 5000);

        Assert.Equal(200, AnonymousApiTally.Cut(path).Length);
        Assert.Equal("/api/me", AnonymousApiTally.Cut("/api/me"));
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string subject)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error").GetString();
        Assert.NotNull(error);
        Assert.Contains(subject, error, StringComparison.Ordinal);
        Assert.Contains("秒後にやり直してください", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^有効なキーのない要求・APIにない宛先への要求 (\d+)件")]
    private static partial Regex RequestCount();
}
