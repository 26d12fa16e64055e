using System.Net;
using CallCenter.Data.Audit;
using CallCenter.Tests.Browser;

namespace CallCenter.Tests.Web.Security;

/// <summary>
/// Behind a load balancer (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, as docs/load-balancing.md says) the lock-out
/// counts per forwarded client address: a flood through the balancer from one client does not lock the name for
/// another client of the same balancer.
/// </summary>
public sealed class ForwardedAddressTests
{
    [Fact]
    public async Task LockOut_CountsTheForwardedClientAddress_When_ForwardedHeadersAreEnabled()
    {
        await using var app = new CallCenterAppFactory(new Dictionary<string, string?> { ["ForwardedHeaders_Enabled"] = "true" });
        app.Start();
        var userName = await app.CreateUserAsync("behind-lb");
        using var attacker = app.NewClient();
        attacker.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");
        using var owner = app.NewClient();
        owner.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.60");

        for (var i = 0; i < 6; i++)
        {
            using var wrong = await attacker.TrySignInAsync(userName, $"wrong-password-{i}");
        }
        using var attackersRight = await attacker.TrySignInAsync(userName, CallCenterAppFactory.TestPassword);

        Assert.Contains("ロックしています", StaffClient.SignInError(await attackersRight.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await owner.SignInAsync(userName);
        var rows = await app.AuditAsync(userName, AuditActions.SignInFailed);
        Assert.All(rows, r => Assert.Contains("接続元 203.0.113.50", r.Details, StringComparison.Ordinal));
    }
}
