using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Approvals;

/// <summary>A report waiting for a supervisor, with the evidence to decide on and the resident's current status.</summary>
public sealed record PendingApproval
{
    public long ReportId { get; init; }
    public int ResidentId { get; init; }
    public required string ResidentNo { get; init; }
    public required string FamilyName { get; init; }
    public required string GivenName { get; init; }
    public required string FamilyNameKana { get; init; }
    public required string GivenNameKana { get; init; }
    public DateOnly? BirthDate { get; init; }
    public string? District { get; init; }
    public SafetyStatus Status { get; init; }
    public ReportSource Source { get; init; }
    public string? ReporterName { get; init; }
    public string? ReporterRelation { get; init; }
    public string? CallerPhone { get; init; }
    public int? OperatorUserId { get; init; }
    public string? OperatorName { get; init; }
    public string? Site { get; init; }
    public string? Note { get; init; }
    public long? CallId { get; init; }
    public DateTime ReportedAt { get; init; }
    public DateTime RequestedAt { get; init; }

    /// <summary>The resident's current (approved) status and when it was reported.</summary>
    public SafetyStatus CurrentStatus { get; init; }
    public DateTime? CurrentReportedAt { get; init; }

    /// <summary>氏名 as written.</summary>
    public string Name => $"{FamilyName}　{GivenName}";

    /// <summary>氏名カナ.</summary>
    public string NameKana => $"{FamilyNameKana}　{GivenNameKana}";

    /// <summary>A newer report is already current: approving keeps it in history but does not change the status.</summary>
    public bool NewerReportIsCurrent => CurrentReportedAt is { } current && current > ReportedAt;
}

/// <summary>The outcome of approving or rejecting: null <see cref="Problem"/> when done.</summary>
public sealed record ApprovalResult(string? Problem, bool BecameCurrent = false)
{
    public bool Done => Problem is null;
}
