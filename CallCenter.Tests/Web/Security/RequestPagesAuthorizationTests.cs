using System.Net;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser;
using CallCenter.Tests.Data.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// The requests pages as plain HTTP requests: anonymous → sign-in; the queue and a request for every signed-in
/// account (what each sees is decided by department once the circuit is live: <c>RequestsPageTests</c>), the summary
/// for supervisors and admins; the prerendered HTML of a request carries nothing of it.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class RequestPagesAuthorizationTests(SecurityAppFixture fixture)
{
    private CallCenterAppFactory App => fixture.App;

    [Theory]
    [InlineData("/requests")]
    [InlineData("/requests/1")]
    [InlineData("/requests/summary")]
    [InlineData("/exports/requests.csv")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        using var client = App.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test-operator", "/requests", true)]
    [InlineData("test-operator", "/requests/1", true)]
    [InlineData("test-operator", "/requests/summary", false)]
    [InlineData("test-operator", "/exports/requests.csv", false)]
    [InlineData("test-supervisor", "/requests", true)]
    [InlineData("test-supervisor", "/requests/summary", true)]
    [InlineData("test-supervisor", "/exports/requests.csv", true)]
    [InlineData("test-admin", "/requests/summary", true)]
    public async Task ARole_IsLetIn_OrForbidden_AsThePageSays(string userName, string path, bool allowed)
    {
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        using var response = await client.GetAsync(path);

        if (allowed)
        {
            // Let in; a request page about a request the user cannot see (none seeded here, or another department's) is 404.
            Assert.True(response.StatusCode == HttpStatusCode.OK
                || (response.StatusCode == HttpStatusCode.NotFound && path.StartsWith("/requests/1", StringComparison.Ordinal)), response.StatusCode.ToString());
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

    [Theory]
    [InlineData("test-operator")]
    [InlineData("test-supervisor")]
    public async Task APlainGetOfARequest_RevealsNothingOfIt(string userName)
    {
        var connections = App.Services.GetRequiredService<ConnectionFactory>();
        await CallCenter.Tests.Data.Calls.CallTestData.ImportAsync(connections, """
            住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
            X9101,XH91,世帯主,楢葉 ヨシエ,ナラハ ヨシエ,1940-02-02,女,前田,前田1,
            """);
        var id = await RequestTestData.AddAsync(connections, "XH91", "X9101", 5, RequestTestData.HealthAndCare, true, "罹災証明と介護認定の相談", DateTime.UtcNow);
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        using var response = await client.GetAsync($"/requests/{id}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        // test-operator belongs to no department: another department's request does not exist for it (404); the supervisor's 200.
        Assert.Equal(userName == "test-operator" ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
        foreach (var personal in new[] { "楢葉", "ヨシエ", "罹災証明", "X9101" })
        {
            Assert.DoesNotContain(personal, html, StringComparison.Ordinal);
        }
    }
}
