using System.Security.Claims;
using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;

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

    /// <summary>The signed-in operator as the data layer records them (who, under which name, at which site): the one way
    /// a page names the current operator to a service.</summary>
    public static OperatorContext Operator(this ClaimsPrincipal user) => new(user.UserId(), user.UserName(), user.Site());

    public static UserRole? Role(this ClaimsPrincipal user) =>
        Enum.TryParse<UserRole>(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;
}
