using System.Net;
using CallCenter.Tests.Web.Security;

namespace CallCenter.Tests.Web.Towns;

/// <summary>
/// Issue 19: a plain GET (a signed-in cookie, no circuit) of a page about a person or request of another town answers
/// HTTP 404, as for a number that exists nowhere; the caller's own town's answers 200. Neither body holds personal data.
/// </summary>
public sealed class OtherTownPagesNotFoundTests(TwoTownsApp fixture) : IClassFixture<TwoTownsApp>
{
    private async Task<StaffClient> SignedInAsync(string userName)
    {
        var client = fixture.App.NewClient();
        await client.SignInAsync(userName);
        return client;
    }

    private static async Task AssertAnswersAsync(StaffClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(path);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(expected == response.StatusCode, $"GET {path} answered {(int)response.StatusCode}, expected {(int)expected}");
        Assert.DoesNotContain("花子", html, StringComparison.Ordinal);
        Assert.DoesNotContain("一郎", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AOneTownOperator_GetsNotFound_ForTheOtherTownsResidentAndRequest_And_OkForItsOwn()
    {
        using var client = await SignedInAsync(TwoTownsApp.OkumaOperator);
        await AssertAnswersAsync(client, "/residents/0000001?town=079995", HttpStatusCode.NotFound);
        await AssertAnswersAsync(client, "/residents/0000001?town=999999", HttpStatusCode.NotFound);
        await AssertAnswersAsync(client, "/residents/0000009", HttpStatusCode.NotFound);
        await AssertAnswersAsync(client, "/residents/0000001?town=075451", HttpStatusCode.OK);
        // The same number without town=: the only one of the operator's towns that has it.
        await AssertAnswersAsync(client, "/residents/0000001", HttpStatusCode.OK);

        // A request is checked against the operator's department as well: test-operator's (none) sees none, so use a supervisor below.
        await AssertAnswersAsync(client, $"/requests/{fixture.ShiomiRequest}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AOneTownAdmin_GetsNotFound_ForTheOtherTownsRequest_And_OkForItsOwn()
    {
        using var client = await SignedInAsync(TwoTownsApp.OkumaAdmin);
        await AssertAnswersAsync(client, $"/requests/{fixture.ShiomiRequest}", HttpStatusCode.NotFound);
        await AssertAnswersAsync(client, $"/requests/{fixture.OkumaRequest}", HttpStatusCode.OK);
        await AssertAnswersAsync(client, "/requests/999999", HttpStatusCode.NotFound);
        await AssertAnswersAsync(client, "/residents/0000002?town=079995", HttpStatusCode.NotFound);
        await AssertAnswersAsync(client, "/residents/0000002?town=075451", HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAllTownsAccount_GetsOk_ForBothTowns_And_TheTownChoice()
    {
        using var client = await SignedInAsync("test-supervisor");
        await AssertAnswersAsync(client, "/residents/0000001?town=079995", HttpStatusCode.OK);
        await AssertAnswersAsync(client, "/residents/0000001?town=075451", HttpStatusCode.OK);
        await AssertAnswersAsync(client, "/residents/0000001", HttpStatusCode.OK);
        await AssertAnswersAsync(client, $"/requests/{fixture.ShiomiRequest}", HttpStatusCode.OK);
        await AssertAnswersAsync(client, $"/requests/{fixture.OkumaRequest}", HttpStatusCode.OK);
    }
}
