using System.Security.Claims;
using CallCenter.Data.Audit;

namespace CallCenter.Web.Security;

/// <summary>Writes audit rows naming the signed-in user (or API key) and their site.</summary>
public sealed class AuditTrail(AuditRepository audit)
{
    public Task WriteAsync(ClaimsPrincipal user, string action, string? targetType = null, string? targetId = null,
        string? details = null, int? residentId = null, CancellationToken cancellationToken = default) =>
        audit.WriteAsync(new AuditEntry
        {
            UserId = user.UserId(),
            UserName = user.Identity?.IsAuthenticated == true ? user.UserName() : null,
            Site = user.Site(),
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            ResidentId = residentId,
            Details = details,
        }, cancellationToken);

    /// <summary>For events before anyone is signed in (a failed sign-in names the account tried).</summary>
    public Task WriteAnonymousAsync(string? userName, string action, string? details, CancellationToken cancellationToken = default) =>
        audit.WriteAsync(new AuditEntry { UserName = userName, Action = action, Details = details }, cancellationToken);
}
