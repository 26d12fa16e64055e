using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Approvals;

/// <summary>A report waiting for a supervisor, with the evidence to decide on and the resident's current status.</summary>
public sealed record PendingApproval
{
    /// <summary>The report waiting for approval.</summary>
    public long ReportId { get; init; }
    /// <summary>The person it is about.</summary>
    public int ResidentId { get; init; }
    /// <summary>The person's resident number (住民番号).</summary>
    public required string ResidentNo { get; init; }
    /// <summary>Family name (氏).</summary>
    public required string FamilyName { get; init; }
    /// <summary>Given name (名).</summary>
    public required string GivenName { get; init; }
    /// <summary>Reading of the family name (氏カナ).</summary>
    public required string FamilyNameKana { get; init; }
    /// <summary>Reading of the given name (名カナ).</summary>
    public required string GivenNameKana { get; init; }
    /// <summary>Date of birth (生年月日).</summary>
    public DateOnly? BirthDate { get; init; }
    /// <summary>District (行政区).</summary>
    public string? District { get; init; }
    /// <summary>The reported status waiting for approval (死亡 or 行方不明).</summary>
    public SafetyStatus Status { get; init; }
    /// <summary>Where the information came from (情報源).</summary>
    public ReportSource Source { get; init; }
    /// <summary>Who gave the information (報告者).</summary>
    public string? ReporterName { get; init; }
    /// <summary>The reporter's relation to the person.</summary>
    public string? ReporterRelation { get; init; }
    /// <summary>The phone number of the call the report came in, if any.</summary>
    public string? CallerPhone { get; init; }
    /// <summary>The staff member who recorded it (who may not approve it).</summary>
    public int? OperatorUserId { get; init; }
    /// <summary>That staff member's display name.</summary>
    public string? OperatorName { get; init; }
    /// <summary>The site (拠点) it was recorded at.</summary>
    public string? Site { get; init; }
    /// <summary>The operator's note (メモ).</summary>
    public string? Note { get; init; }
    /// <summary>The call it was recorded in, or null.</summary>
    public long? CallId { get; init; }
    /// <summary>When the information was true (UTC).</summary>
    public DateTime ReportedAt { get; init; }
    /// <summary>When the approval was asked for (UTC).</summary>
    public DateTime RequestedAt { get; init; }

    /// <summary>The resident's current (approved) status and when it was reported.</summary>
    public SafetyStatus CurrentStatus { get; init; }
    /// <summary>When the person's current status was reported (UTC), or null.</summary>
    public DateTime? CurrentReportedAt { get; init; }
    /// <summary>The town the person belongs to.</summary>
    public int TownId { get; init; }

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
    /// <summary>The decision was made (no problem).</summary>
    public bool Done => Problem is null;
}
