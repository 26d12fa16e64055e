using System.Net;
using System.Xml.Linq;
using CallCenter.Data.Accounts;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.WebUtilities;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// Two app instances on one database, as behind a load balancer: the Data Protection key ring lives in the
/// database, so a cookie or antiforgery token one instance issued is good on the other, and a session
/// ended on one is ended on both.
/// </summary>
public sealed class SharedInstancesTests : IAsyncLifetime
{
    private readonly CallCenterAppFactory a = new();
    private CallCenterAppFactory? b;

    private CallCenterAppFactory B => b ?? throw new InvalidOperationException("Started in InitializeAsync.");

    public Task InitializeAsync()
    {
        a.Start();
        b = new CallCenterAppFactory(settings: null, databasePath: a.DatabasePath);
        b.Start();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task CookieFromInstanceA_IsAcceptedByB_And_SignOutOnA_EndsTheSessionOnB()
    {
        var userName = await a.CreateUserAsync("shared");
        // One cookie jar, as one browser: cookies are per host, and both instances listen on 127.0.0.1.
        using var browser = a.NewClient();
        await browser.SignInAsync(userName);
        var cookie = browser.AuthCookie!;

        using (var onB = await browser.Http.GetAsync(new Uri(B.BaseAddress, "/")))
        {
            Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        }
        // The cookie was protected with a key that is stored in the database's key ring.
        var keyIds = (await a.QueryAsync<string>("SELECT Xml FROM DataProtectionKeys"))
            .Select(xml => Guid.Parse(XElement.Parse(xml).Attribute("id")!.Value)).ToList();
        Assert.Contains(ProtectingKeyId(cookie), keyIds);

        using var signOut = await browser.SignOutAsync();
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var replay = B.NewClient();
        replay.UseAuthCookie(cookie);
        using var afterSignOut = await replay.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.Equal("/account/sign-in", afterSignOut.Headers.Location?.AbsolutePath);
        Assert.Equal(SessionEndReasons.SignOut, (await B.SessionsAsync(userName))[0].EndReason);
    }

    [Fact]
    public async Task SignInForm_FromInstanceA_CanBePostedToB()
    {
        var userName = await a.CreateUserAsync("formab");
        using var browser = a.NewClient();
        var token = StaffClient.AntiforgeryToken(await browser.Http.GetStringAsync("/account/sign-in"));

        using var response = await browser.Http.PostAsync(new Uri(B.BaseAddress, "/account/sign-in"), new FormUrlEncodedContent(
        [
            new KeyValuePair<string, string>("_handler", "sign-in"),
            new KeyValuePair<string, string>("__RequestVerificationToken", token),
            new KeyValuePair<string, string>("Input.UserName", userName),
            new KeyValuePair<string, string>("Input.Password", CallCenterAppFactory.TestPassword),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.AbsolutePath);
        using var home = await browser.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    /// <summary>A Data Protection payload starts with a 4-byte magic header and the 16-byte id of its key.</summary>
    private static Guid ProtectingKeyId(string cookie)
    {
        Assert.False(cookie.StartsWith("chunks-", StringComparison.Ordinal), "the cookie is chunked");
        var bytes = WebEncoders.Base64UrlDecode(cookie);
        Assert.Equal(new byte[] { 0x09, 0xF0, 0xC9, 0xF0 }, bytes[..4]);
        return new Guid(bytes.AsSpan(4, 16));
    }

    public async Task DisposeAsync()
    {
        if (b is not null)
        {
            await b.DisposeAsync();
        }
        await a.DisposeAsync();
    }
}
