using CallCenter.Data.ApiKeys;
using CallCenter.Data.Audit;
using CallCenter.Tests.Browser;
using CallCenter.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Tests.Web.Security;

/// <summary>Each security event leaves a row in the audit log, read back with plain SQL.</summary>
[Collection(SecurityAppCollection.Name)]
public sealed class AuditTrailTests(SecurityAppFixture fixture)
{
    private CallCenterAppFactory App => fixture.App;

    [Fact]
    public async Task SignInFailure_SignIn_PasswordChange_And_SignOut_AreEachAudited()
    {
        var userName = await App.CreateUserAsync("audit");
        var userId = await App.UserIdAsync(userName);
        using var client = App.NewClient();

        using (await client.TrySignInAsync(userName, "wrong-password-1"))
        {
        }
        await client.SignInAsync(userName);
        using (await client.PostFormAsync("/account/password", "change-password",
        [
            new("Input.Current", CallCenterAppFactory.TestPassword),
            new("Input.New", "another-password-2"),
            new("Input.Confirm", "another-password-2"),
        ]))
        {
        }
        using (await client.SignOutAsync())
        {
        }

        var failed = Assert.Single(await App.AuditAsync(userName, AuditActions.SignInFailed));
        Assert.Null(failed.UserId);
        Assert.Contains("パスワードの誤り", failed.Details, StringComparison.Ordinal);
        var signIn = Assert.Single(await App.AuditAsync(userName, AuditActions.SignIn));
        Assert.Equal(userId, signIn.UserId);
        var changed = Assert.Single(await App.AuditAsync(userName, AuditActions.ChangePassword));
        Assert.Equal("変更しました", changed.Details);
        var signOut = Assert.Single(await App.AuditAsync(userName, AuditActions.SignOut));
        Assert.Equal("本人がサインアウト", signOut.Details);
        Assert.True(failed.AuditId < signIn.AuditId && signIn.AuditId < changed.AuditId && changed.AuditId < signOut.AuditId,
            "the rows are not in the order the events happened");
    }

    [Fact]
    public async Task ApiCalls_AreAudited_WithTheirStatus_Refusals_Included()
    {
        // Refusals without a valid key are counted per client address and minute (one row when the minute is over,
        // issue 12): written here by flushing the tally, as the app does every 15 s and at shutdown.
        var tally = App.Services.GetRequiredService<AnonymousApiTally>();
        await tally.FlushAsync(all: true);
        var (key, secret) = await App.CreateApiKeyAsync(ApiKeyScope.Read);
        var marker = Guid.NewGuid().ToString("N");
        using var client = App.NewClient();

        using (await client.GetAsync($"/api/me?call={marker}-nokey"))
        {
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/me?call={marker}-key"))
        {
            request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, secret);
            using var _ = await client.Http.SendAsync(request);
        }
        await tally.FlushAsync(all: true);

        var rows = (await App.AuditAsync(null, "api")).Where(r => r.Details?.Contains(marker, StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, rows.Count);
        var refused = Assert.Single(rows, r => r.Details!.Contains("-nokey", StringComparison.Ordinal));
        Assert.Equal(("client", "127.0.0.1"), (refused.TargetType, refused.TargetId));
        Assert.Contains("401×1", refused.Details, StringComparison.Ordinal);
        Assert.Contains($"最初の要求 GET /api/me?call={marker}-nokey", refused.Details, StringComparison.Ordinal);
        Assert.Null(refused.UserName);
        var accepted = Assert.Single(rows, r => r.Details!.Contains("-key・", StringComparison.Ordinal));
        Assert.Equal("/api/me", accepted.TargetId);
        Assert.Contains("・応答 200", accepted.Details, StringComparison.Ordinal);
        Assert.Equal("api:" + key.Name, accepted.UserName);
        Assert.DoesNotContain(secret, accepted.Details, StringComparison.Ordinal);
    }
}
