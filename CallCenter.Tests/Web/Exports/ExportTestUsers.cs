using System.Security.Claims;
using CallCenter.Web.Security;

namespace CallCenter.Tests.Web.Exports;

/// <summary>Who makes the exports in these tests: a supervisor at いわき.</summary>
internal static class ExportTestUsers
{
    /// <summary>The supervisor m.watanabe (user 42) at いわき.</summary>
    public static readonly ClaimsPrincipal Supervisor = new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, "42"),
        new Claim(ClaimTypes.Name, "m.watanabe"),
        new Claim(CallCenterClaims.Site, "いわき"),
    ], "test"));
}
