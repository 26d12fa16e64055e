using CallCenter.Data.Approvals;
using CallCenter.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace CallCenter.Web.Components.Pages.Approvals;

/// <summary>
/// The number of reports waiting for approval, as the supervisors' navigation shows it: one per circuit, read
/// when the navigation appears and on each page change, and set by the approvals page after each decision.
/// Only reports about residents of the signed-in user's towns are counted.
/// </summary>
public sealed class PendingApprovalCount(ApprovalService approvals, AuthenticationStateProvider? authentication = null, TownAccess? towns = null)
{
    /// <summary>The last count read, or null before the first read.</summary>
    public int? Value { get; private set; }

    /// <summary>Raised when <see cref="Value"/> changes.</summary>
    public event Action? Changed;

    /// <summary>Reads the count again.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var scope = towns is null || authentication is null
            ? Data.Towns.TownScope.All
            : await towns.ScopeAsync((await authentication.GetAuthenticationStateAsync()).User, cancellationToken);
        Set(await approvals.PendingCountAsync(scope, cancellationToken));
    }

    /// <summary>Sets the count when the caller already knows it.</summary>
    public void Set(int value)
    {
        if (Value != value)
        {
            Value = value;
            Changed?.Invoke();
        }
    }
}
