namespace CallCenter.Data.Audit;

/// <summary>
/// Which audit rows to read. Every part is optional (null = any). Times are UTC: <see cref="FromUtc"/> is
/// inclusive, <see cref="ToUtc"/> exclusive.
/// </summary>
/// <param name="UserName">Exact user name as written to the log (e.g. <c>watanabe</c>, <c>api:PBX</c>).</param>
/// <param name="Action">Exact action name (see <see cref="AuditActions"/>).</param>
/// <param name="ResidentId">The resident the row is about.</param>
/// <param name="FromUtc">Rows at or after this time.</param>
/// <param name="ToUtc">Rows before this time.</param>
public sealed record AuditFilter(string? UserName, string? Action, int? ResidentId, DateTime? FromUtc, DateTime? ToUtc)
{
    /// <summary>No filter: every row.</summary>
    public static AuditFilter None { get; } = new(null, null, null, null, null);
}

/// <summary>One page of audit rows, newest first, and how many rows the filter matches in all.</summary>
public sealed record AuditSearchResult(IReadOnlyList<AuditEntry> Entries, int TotalCount);
