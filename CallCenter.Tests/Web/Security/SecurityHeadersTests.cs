using System.Net;
using CallCenter.Tests.Browser;

namespace CallCenter.Tests.Web.Security;

/// <summary>Shared terminals: nothing cached, no framing, no sniffing, no referrer, on every kind of answer.</summary>
[Collection(SecurityAppCollection.Name)]
public sealed class SecurityHeadersTests(SecurityAppFixture fixture)
{
    private CallCenterAppFactory App => fixture.App;

    [Theory]
    [InlineData("/account/sign-in", HttpStatusCode.OK)]      // a page
    [InlineData("/api/health", HttpStatusCode.OK)]           // an API answer
    [InlineData("/api/me", HttpStatusCode.Unauthorized)]     // an API refusal
    [InlineData("/", HttpStatusCode.Redirect)]               // a redirect to sign in
    public async Task Response_CarriesTheThinClientHeaders(string path, HttpStatusCode status)
    {
        using var client = App.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertThinClientHeaders(response);
    }

    [Fact]
    public async Task SignedInPage_CarriesTheThinClientHeaders()
    {
        using var client = App.NewClient();
        await client.SignInAsync("test-operator");

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertThinClientHeaders(response);
    }

    private static void AssertThinClientHeaders(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"Cache-Control: {response.Headers.CacheControl}");
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
