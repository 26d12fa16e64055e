using System.Net.Http.Json;
using CallCenter.Tests.Browser.Accounts;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Browser.ApiKeys;

/// <summary>An API key created on the API keys page (APIキー) authenticates the API, and its secret is shown once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiKeysBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task CreatedApiKey_Authenticates_TheApi()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync("test-admin", returnPath: "/admin/api-keys");

        await page.GetByTestId("api-key-name").FillAsync("いわき庁舎 電話交換機");
        await UserSteps.ChooseAsync(page, "api-key-scope", "出力（export）");
        await page.GetByTestId("api-key-create").ClickAsync();
        var secret = (await page.GetByTestId("api-key-secret").InnerTextAsync()).Trim();
        await page.SaveScreenshotAsync(nameof(ApiKeysBrowserTests) + "." + nameof(CreatedApiKey_Authenticates_TheApi));

        using var http = new HttpClient { BaseAddress = browser.App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Add("X-Api-Key", secret);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"/api/me answered {(int)response.StatusCode}");
        var me = await response.Content.ReadFromJsonAsync<Me>();
        Assert.Equal(new Me("いわき庁舎 電話交換機", "export"), me);

        await page.GetByTestId("api-key-dismiss").ClickAsync();
        await Expect(page.GetByTestId("api-key-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private sealed record Me(string Name, string Scope);
}
