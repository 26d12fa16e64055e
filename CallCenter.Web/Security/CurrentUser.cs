using System.Security.Claims;
using CallCenter.Data.Accounts;

namespace CallCenter.Web.Security;

/// <summary>Reads the app's claims from a principal.</summary>
public static class CurrentUser
{
    public static int? UserId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && user.FindFirst(CallCenterClaims.ApiKeyId) is null ? id : null;

    public static string? UserName(this ClaimsPrincipal user) => user.Identity?.Name;

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(CallCenterClaims.DisplayName) ?? user.Identity?.Name ?? "";

    public static string? Site(this ClaimsPrincipal user) => user.FindFirstValue(CallCenterClaims.Site);

    public static string? SessionId(this ClaimsPrincipal user) => user.FindFirstValue(CallCenterClaims.SessionId);

    public static UserRole? Role(this ClaimsPrincipal user) =>
        Enum.TryParse<UserRole>(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;
}
