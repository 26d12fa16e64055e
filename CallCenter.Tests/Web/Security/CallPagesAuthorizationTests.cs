using System.Net;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// The calls pages as plain HTTP requests: who is let in (anonymous, operator, supervisor), and that the prerendered HTML
/// of a call's detail carries nothing of the call to anyone (the page reads only once the circuit is live, and then
/// shows another operator's call to no one but its operator and the supervisors: <c>CallDetailPageTests</c>).
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class CallPagesAuthorizationTests(SecurityAppFixture fixture)
{
    private CallCenterAppFactory App => fixture.App;

    private async Task<long> RecordCallAsync()
    {
        var users = App.Services.GetRequiredService<UserRepository>();
        var supervisor = await users.FindByNameAsync("test-supervisor");
        var code = (await App.Services.GetRequiredService<WrapUpCodes>().ListAsync()).First().WrapUpCodeId;
        var saved = await App.Services.GetRequiredService<UnregisteredCalls>().SaveAsync(new UnregisteredCallDraft(CallDirection.Inbound,
            "楢葉 ヨシエ", "0246-77-8899", code, "罹災証明の窓口を聞かれた"), new OperatorContext(supervisor!.UserId, "test-supervisor", "いわき"));
        return saved.CallId!.Value;
    }

    [Theory]
    [InlineData("/calls")]
    [InlineData("/calls/new")]
    [InlineData("/calls/new?phone=0246-77-8899")]
    [InlineData("/calls/1")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        using var client = App.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("test-operator", "/calls", false)]
    [InlineData("test-operator", "/calls/new", true)]
    [InlineData("test-operator", "/calls/new?phone=0246-77-8899", true)]
    [InlineData("test-supervisor", "/calls", true)]
    [InlineData("test-supervisor", "/calls/new", true)]
    [InlineData("test-admin", "/calls", true)]
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
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/forbidden", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("test-operator")]
    [InlineData("test-supervisor")]
    public async Task APlainGetOfACallsDetail_RevealsNothingOfTheCall(string userName)
    {
        var callId = await RecordCallAsync();
        using var client = App.NewClient();
        await client.SignInAsync(userName);

        using var response = await client.GetAsync($"/calls/{callId}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"page-loading\"", html, StringComparison.Ordinal);
        foreach (var personal in new[] { "楢葉", "ヨシエ", "0246-77-8899", "罹災証明" })
        {
            Assert.DoesNotContain(personal, html, StringComparison.Ordinal);
        }
    }
}
