using CallCenter.Data.Approvals;

namespace CallCenter.Web.Components.Pages.Approvals;

/// <summary>
/// The number of reports waiting for approval, as the supervisors' navigation shows it: one per circuit, read
/// when the navigation appears and on each page change, and set by the approvals page after each decision.
/// </summary>
public sealed class PendingApprovalCount(ApprovalService approvals)
{
    /// <summary>The last count read, or null before the first read.</summary>
    public int? Value { get; private set; }

    /// <summary>Raised when <see cref="Value"/> changes.</summary>
    public event Action? Changed;

    /// <summary>Reads the count again.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default) =>
        Set(await approvals.PendingCountAsync(cancellationToken));

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
