using System.Net;
using CallCenter.Tests.Browser;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// The mailing routes of issue 18 (part D) as plain HTTP requests: anonymous → sign-in; the returned-mail page for every
/// signed-in account (clerks are operator accounts), the staff copies of the mailing exports for supervisors and admins;
/// the prerendered returned-mail page lists nothing (the list is read, and audited, once the circuit is live).
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class MailingPagesAuthorizationTests(SecurityAppFixture fixture)
{
    private CallCenterAppFactory App => fixture.App;

    [Theory]
    [InlineData("/mailing/returned")]
    [InlineData("/exports/mailing.csv")]
    [InlineData("/exports/mailing-missing.csv")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        using var client = App.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test-operator", "/mailing/returned", true)]
    [InlineData("test-operator", "/exports/mailing.csv", false)]
    [InlineData("test-operator", "/exports/mailing-missing.csv", false)]
    [InlineData("test-supervisor", "/mailing/returned", true)]
    [InlineData("test-supervisor", "/exports/mailing.csv", true)]
    [InlineData("test-supervisor", "/exports/mailing-missing.csv", true)]
    [InlineData("test-admin", "/mailing/returned", true)]
    [InlineData("test-admin", "/exports/mailing.csv", true)]
    public async Task ARole_IsLetIn_OrForbidden_AsThePageSays(string userName, string path, bool allowed)
    {
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        using var response = await client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, response.StatusCode.ToString());
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.Contains("/account/forbidden", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task APlainGetOfTheReturnedMailPage_ListsNothing()
    {
        using var client = App.NewClient();
        await client.SignInAsync("test-operator");

        using var response = await client.GetAsync("/mailing/returned");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("returned-list", html, StringComparison.Ordinal);
        Assert.DoesNotContain("returned-row", html, StringComparison.Ordinal);
    }
}
