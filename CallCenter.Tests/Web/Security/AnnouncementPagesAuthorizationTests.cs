using System.Net;
using CallCenter.Tests.Browser;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// The announcements pages as plain HTTP requests: anonymous → sign-in; the list and the coverage page for supervisors
/// and admins only (operators read announcements on the start page and the call form).
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class AnnouncementPagesAuthorizationTests(SecurityAppFixture fixture)
{
    private CallCenterAppFactory App => fixture.App;

    [Theory]
    [InlineData("/announcements")]
    [InlineData("/announcements/1")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        using var client = App.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test-operator", "/announcements", false)]
    [InlineData("test-operator", "/announcements/1", false)]
    [InlineData("test-supervisor", "/announcements", true)]
    [InlineData("test-supervisor", "/announcements/1", true)]
    [InlineData("test-admin", "/announcements", true)]
    [InlineData("test-admin", "/announcements/1", true)]
    [InlineData("test-supervisor", "/announcements/987654", true)]
    public async Task ARole_IsLetIn_OrForbidden_AsThePageSays(string userName, string path, bool allowed)
    {
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        using var response = await client.GetAsync(path);

        if (allowed)
        {
            // The coverage page of an announcement the fixture has not written answers 404 ([NotFoundUnless]).
            var id = path == "/announcements" ? (long?)null : long.Parse(path["/announcements/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var missing = id is not null
                          && (await App.QueryAsync<long>("SELECT COUNT(*) FROM Announcements WHERE AnnouncementId = @Id", new { Id = id })).Single() == 0;
            Assert.Equal(missing ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
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
}
