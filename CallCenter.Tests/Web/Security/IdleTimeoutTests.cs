using System.Net;
using CallCenter.Data.Accounts;
using CallCenter.Tests.Data.Calls;
using CallCenter.Tests.Browser;
using Microsoft.AspNetCore.WebUtilities;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// An app whose sessions end after 6 seconds without activity, on a clock the tests move by hand: a loaded CI machine
/// can stall a test process for seconds between two requests, which real time would count as idleness.
/// </summary>
public sealed class IdleAppFixture() : StartedAppFixture(new Dictionary<string, string?>
    {
        ["Security:IdleTimeoutMinutes"] = "0.1",
    }, Clock)
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(6);

    // One clock per fixture instance would need the instance in the base constructor call; the class fixture is made
    // once per test run, so a static clock is that instance's.
    private static readonly TestClock Clock = new(DateTimeOffset.UtcNow);

    /// <summary>The app's clock.</summary>
    public TestClock Time => Clock;
}

/// <summary>The server-side idle timeout, over HTTP (the browser side is in IdleSignOutBrowserTests).</summary>
public sealed class IdleTimeoutTests(IdleAppFixture fixture) : IClassFixture<IdleAppFixture>
{
    private CallCenterAppFactory App => fixture.App;

    [Fact]
    public async Task NextRequest_GoesToSignInWithTheIdleMessage_When_SessionWaitedPastTheTimeout()
    {
        var userName = await App.CreateUserAsync("idle");
        using var client = App.NewClient();
        await client.SignInAsync(userName);
        // A second terminal whose open page finds out by itself (the circuit's check) and goes straight to
        // the sign-in page, without ?reason=idle, still carrying its old cookie.
        using var openPage = App.NewClient();
        await openPage.SignInAsync(userName);

        fixture.Time.Advance(IdleAppFixture.IdleTimeout + TimeSpan.FromSeconds(1));
        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/account/sign-in", location.AbsolutePath);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("/", query["returnUrl"].ToString());
        Assert.Equal("idle", query["reason"].ToString());
        Assert.Null(client.AuthCookie);
        using var signInPage = await client.GetAsync(location.PathAndQuery);
        Assert.Contains("一定時間操作がなかったため", await signInPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var openPageSignIn = await openPage.GetAsync("/account/sign-in?returnUrl=%2F");
        Assert.Contains("一定時間操作がなかったため", await openPageSignIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(await App.SessionsAsync(userName), s => Assert.Equal(SessionEndReasons.Idle, s.EndReason));
    }

    [Fact]
    public async Task Session_StaysAlive_PastTheTimeout_While_TheKeepAliveReportsInput()
    {
        var userName = await App.CreateUserAsync("busy");
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        // What session.js sends while the user types: one small POST every half second, for twice the timeout.
        var step = TimeSpan.FromMilliseconds(500);
        for (var elapsed = TimeSpan.Zero; elapsed < IdleAppFixture.IdleTimeout * 2; elapsed += step)
        {
            using var keepAlive = await client.Http.PostAsync("/account/keep-alive", null);
            Assert.Equal(HttpStatusCode.NoContent, keepAlive.StatusCode);
            fixture.Time.Advance(step);
        }
        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await App.SessionsAsync(userName))[0].EndReason);
    }
}
