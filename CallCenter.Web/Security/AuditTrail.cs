using System.Security.Claims;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;

namespace CallCenter.Web.Security;

/// <summary>Writes audit rows naming the signed-in user (or API key) and their site.</summary>
public sealed class AuditTrail(AuditRepository audit)
{
    public Task WriteAsync(ClaimsPrincipal user, string action, string? targetType = null, string? targetId = null,
        string? details = null, int? residentId = null, CancellationToken cancellationToken = default) =>
        audit.WriteAsync(By(user), action, targetType, targetId, residentId, details, cancellationToken);

    /// <summary>
    /// The row <see cref="WriteAsync"/> would write for <paramref name="user"/>, for a request that commits it with other
    /// rows (its time is set when it is written).
    /// </summary>
    public static AuditEntry Entry(ClaimsPrincipal user, string action, string? targetType = null, string? targetId = null,
        int? residentId = null) =>
        AuditedWrite.Entry(By(user), default, action, targetType, targetId, residentId, null);

    private static OperatorContext By(ClaimsPrincipal user) =>
        new(user.UserId(), user.Identity?.IsAuthenticated == true ? user.UserName() : null, user.Site());

    /// <summary>For events before anyone is signed in (a failed sign-in names the account tried).</summary>
    public Task WriteAnonymousAsync(string? userName, string action, string? details, CancellationToken cancellationToken = default) =>
        audit.WriteAsync(new OperatorContext(null, userName, null), action, details: details, cancellationToken: cancellationToken);
}
