using System.Net;
using CallCenter.Data.Accounts;
using CallCenter.Tests.Browser;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// /account/idle ends a session only by POST with an antiforgery token: a GET (a link, an image on another page)
/// must not sign anyone out. The browser flow (session.js posts the form) is in IdleSignOutBrowserTests.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class IdleSignOutTests(SecurityAppFixture fixture)
{
    private CallCenterAppFactory App => fixture.App;

    [Fact]
    public async Task Get_LeavesTheSessionValid_And_ShowsTheSignOutForm()
    {
        var userName = await App.CreateUserAsync("idle-get");
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        using var idle = await client.GetAsync("/account/idle");
        var html = await idle.Content.ReadAsStringAsync();
        using var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, idle.StatusCode);
        Assert.Contains("data-idle-sign-out", html, StringComparison.Ordinal);
        Assert.NotEmpty(StaffClient.AntiforgeryToken(html));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Null((await App.SessionsAsync(userName))[0].EndReason);
    }

    [Fact]
    public async Task Post_IsRefused_And_LeavesTheSessionValid_When_ItCarriesNoToken()
    {
        var userName = await App.CreateUserAsync("idle-forged");
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        using var forged = await client.Http.PostAsync("/account/idle",
            new FormUrlEncodedContent([new KeyValuePair<string, string>("_handler", "idle-sign-out")]));
        using var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Null((await App.SessionsAsync(userName))[0].EndReason);
    }

    [Fact]
    public async Task Post_WithTheToken_SignsOut_AsIdle_And_GoesToSignIn()
    {
        var userName = await App.CreateUserAsync("idle-post");
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        using var response = await client.PostFormAsync("/account/idle", "idle-sign-out", []);
        using var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in?reason=idle", response.Headers.Location!.PathAndQuery);
        Assert.Null(client.AuthCookie);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(SessionEndReasons.Idle, (await App.SessionsAsync(userName))[0].EndReason);
        Assert.Single(await App.AuditAsync(userName, "sign-out"));
    }

    [Fact]
    public async Task Get_GoesStraightToSignIn_When_NoOneIsSignedIn()
    {
        using var client = App.NewClient();

        using var response = await client.GetAsync("/account/idle");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in?reason=idle", response.Headers.Location!.PathAndQuery);
    }
}
