using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Data.ApiKeys;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>The X-Api-Key scheme: which keys get in, what the answer says, and that each call is audited.</summary>
[Collection(SecurityAppCollection.Name)]
public sealed class ApiKeyTests(SecurityAppFixture fixture)
{
    private CallCenterAppFactory App => fixture.App;

    [Fact]
    public async Task ApiMe_Answers401WithJson_When_NoKey_UnknownKey_Or_RevokedKey()
    {
        var (revoked, revokedSecret) = await App.CreateApiKeyAsync(ApiKeyScope.Read);
        Assert.True(await App.Services.GetRequiredService<ApiKeyRepository>().RevokeAsync(revoked.ApiKeyId, "test"));
        using var client = App.NewClient();

        foreach (var key in new string?[] { null, "cc_" + new string('x', 43), revokedSecret })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            if (key is not null)
            {
                request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, key);
            }
            using var response = await client.Http.SendAsync(request);

            Assert.True(await AuthorizationMatrixTests.IsApiChallengeAsync(response),
                $"key {key?[..10] ?? "(none)"}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
        }
    }

    [Theory]
    [InlineData("GET", "/api/residents/nothing/here", false)]
    [InlineData("GET", "/api/export/people.csv", false)]
    [InlineData("POST", "/api/unknown", true)]
    public async Task UnknownApiPath_Answers404WithJson_NotTheSignInPage(string method, string path, bool withKey)
    {
        using var client = App.NewClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (withKey)
        {
            request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, (await App.CreateApiKeyAsync(ApiKeyScope.Read)).Secret);
        }

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(path, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiMe_AnswersNameAndScope_When_KeyIsValid()
    {
        var (key, secret) = await App.CreateApiKeyAsync(ApiKeyScope.Export);
        using var client = App.NewClient();
        client.Http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, secret);

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(key.Name, me.GetProperty("name").GetString());
        Assert.Equal("export", me.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task ScopeRestrictedEndpoint_Answers403_When_KeyHasAnotherScope_And_200_When_ItHasTheScope()
    {
        await using var app = new ApiProbeAppFactory();
        app.Start();
        var (_, read) = await app.CreateApiKeyAsync(ApiKeyScope.Read);
        var (_, export) = await app.CreateApiKeyAsync(ApiKeyScope.Export);
        using var client = app.NewClient();

        using var wrongScope = await SendAsync(client, ApiProbeAppFactory.ExportProbePath, read);
        using var rightScope = await SendAsync(client, ApiProbeAppFactory.ExportProbePath, export);
        using var noKey = await SendAsync(client, ApiProbeAppFactory.ExportProbePath, null);

        Assert.Equal(HttpStatusCode.Forbidden, wrongScope.StatusCode);
        var error = await wrongScope.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("scope", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, rightScope.StatusCode);
        Assert.True(await AuthorizationMatrixTests.IsApiChallengeAsync(noKey), $"no key: {(int)noKey.StatusCode}");
    }

    private static Task<HttpResponseMessage> SendAsync(StaffClient client, string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }
        return client.Http.SendAsync(request);
    }
}
