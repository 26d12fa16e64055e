using CallCenter.Data.Reports;
using Microsoft.Extensions.Configuration;

namespace CallCenter.Data.Approvals;

/// <summary>
/// Which statuses become current only after a supervisor approves them. 死亡 always does (a wrong 死亡 is the
/// worst error the center can make); 行方不明 does unless <c>CallCenter:Approval:RequireForMissing</c> is false.
/// </summary>
public sealed record ApprovalPolicy(bool RequireForMissing, bool RequireForDeceased = true)
{
    /// <summary>The configuration key: does 行方不明 need approval too (default true).</summary>
    public const string RequireForMissingKey = "CallCenter:Approval:RequireForMissing";

    /// <summary>死亡 and 行方不明 need approval: what applies when nothing else is said.</summary>
    public static ApprovalPolicy Default { get; } = new(RequireForMissing: true);

    /// <summary>
    /// Nothing needs approval: only for writing history that was approved before it reached this system
    /// (the demo town's past weeks).
    /// </summary>
    public static ApprovalPolicy None { get; } = new(RequireForMissing: false, RequireForDeceased: false);

    /// <summary>Whether a report with <paramref name="status"/> waits for a supervisor.</summary>
    public bool Requires(SafetyStatus status) =>
        (status == SafetyStatus.Deceased && RequireForDeceased) || (status == SafetyStatus.Missing && RequireForMissing);

    /// <summary>Reads <see cref="RequireForMissingKey"/>; throws with a clear message when it is not true/false.</summary>
    public static ApprovalPolicy From(IConfiguration configuration)
    {
        var text = configuration[RequireForMissingKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }
        if (!bool.TryParse(text.Trim(), out var requireForMissing))
        {
            throw new InvalidOperationException($"{RequireForMissingKey} must be true or false, not '{text}'.");
        }
        return new ApprovalPolicy(requireForMissing);
    }
}

/// <summary>Where a report that needed approval stands. Stored as its number in <c>ReportApprovals.State</c>.</summary>
public enum ApprovalState : byte
{
    /// <summary>承認待ち</summary>
    Pending = 0,
    /// <summary>承認済み</summary>
    Approved = 1,
    /// <summary>却下</summary>
    Rejected = 2,
}

/// <summary>Japanese labels of <see cref="ApprovalState"/>.</summary>
public static class ApprovalLabels
{
    /// <summary>The Japanese label of an approval state (承認待ち, 承認済み, 却下).</summary>
    public static string Label(this ApprovalState state) => state switch
    {
        ApprovalState.Pending => "承認待ち",
        ApprovalState.Approved => "承認済み",
        ApprovalState.Rejected => "却下",
        _ => state.ToString(),
    };
}
