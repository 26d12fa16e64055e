using System.Security.Claims;
using CallCenter.Data.Towns;
using CallCenter.Web.Security;

namespace CallCenter.Web.Components.Pages.Audit;

/// <summary>The towns whose audit rows a viewer of /admin/audit (and its CSV/XLSX export) may read.</summary>
public static class AuditTowns
{
    /// <summary>
    /// The viewer's scope when several towns exist; every row in a single-town installation (which answers as before,
    /// whatever town rows an account has).
    /// </summary>
    public static async Task<TownScope> AuditScopeAsync(this TownAccess towns, ClaimsPrincipal viewer, CancellationToken cancellationToken = default) =>
        await towns.IsJointAsync(cancellationToken) ? await towns.ScopeAsync(viewer, cancellationToken) : TownScope.All;
}
