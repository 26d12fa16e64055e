using System.Net;
using CallCenter.Data.Database;
using CallCenter.Tests.Browser;

namespace CallCenter.Tests.Web.Security;

/// <summary>Sign-in while the database is unusable: the sign-in page says so in Japanese, not a generic error page.</summary>
public sealed class SignInFaultTests : IAsyncLifetime
{
    private readonly CallCenterAppFactory app = new();

    public Task InitializeAsync()
    {
        app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task SignIn_ShowsTheSignInPage_WithTheFault_When_TheDatabaseFileIsDeleted()
    {
        using var client = app.NewClient();
        using var page = await client.GetAsync("/account/sign-in");
        var token = StaffClient.AntiforgeryToken(await page.Content.ReadAsStringAsync());
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(app.DatabasePath + suffix);
        }

        using var response = await client.Http.PostAsync("/account/sign-in", new FormUrlEncodedContent(
        [
            new("_handler", "sign-in"),
            new("__RequestVerificationToken", token),
            new("Input.UserName", "test-operator"),
            new("Input.Password", CallCenterAppFactory.TestPassword),
        ]));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = StaffClient.SignInError(html);
        Assert.NotNull(message);
        Assert.StartsWith(StorageFault.Describe(StorageFaultKind.Missing), message, StringComparison.Ordinal);
        Assert.Contains("サインインできませんでした", message, StringComparison.Ordinal);
        Assert.Contains("value=\"test-operator\"", html, StringComparison.Ordinal);
        Assert.Null(client.AuthCookie);
    }
}
