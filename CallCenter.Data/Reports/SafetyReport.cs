namespace CallCenter.Data.Reports;

/// <summary>Whereabouts (所在): where a person is now.</summary>
public sealed record Whereabouts(
    WhereaboutsType Type,
    byte? PrefectureCode,
    string? Municipality,
    string? Place,
    string? ContactPhone);

/// <summary>Consent to tell inquirers (the national form's items ⑫⑬⑭); null means not asked.</summary>
public sealed record Consent(bool? Relatives, bool? Acquaintances, bool? Public)
{
    /// <summary>Nothing was asked.</summary>
    public static Consent NotAsked { get; } = new(null, null, null);
}

/// <summary>A safety report to append (安否報告): one dated statement about one person.</summary>
public sealed record NewSafetyReport(
    int ResidentId,
    SafetyStatus Status,
    ReportSource Source,
    Whereabouts? Whereabouts,
    Consent Consent,
    string? ReporterName,
    string? ReporterRelation,
    int? OperatorUserId,
    DateTime ReportedAt,
    string? Note,
    long? CallId = null);

/// <summary>A stored safety report. Reports are append-only.</summary>
public sealed record SafetyReport
{
    public long ReportId { get; init; }
    public int ResidentId { get; init; }
    public long? CallId { get; init; }
    public SafetyStatus Status { get; init; }
    public ReportSource Source { get; init; }
    public WhereaboutsType? WhereaboutsType { get; init; }
    public byte? PrefectureCode { get; init; }
    public string? Municipality { get; init; }
    public string? Place { get; init; }
    public string? ContactPhone { get; init; }
    public bool? ConsentRelatives { get; init; }
    public bool? ConsentAcquaintances { get; init; }
    public bool? ConsentPublic { get; init; }
    public string? ReporterName { get; init; }
    public string? ReporterRelation { get; init; }
    public int? OperatorUserId { get; init; }
    public DateTime ReportedAt { get; init; }
    public DateTime RecordedAt { get; init; }
    public string? Note { get; init; }

    /// <summary>Null when the report needed no approval; otherwise where the supervisor's decision stands.</summary>
    public Approvals.ApprovalState? Approval { get; init; }
    public DateTime? ApprovalDecidedAt { get; init; }
    public string? ApprovalDecidedBy { get; init; }
    public string? ApprovalEvidence { get; init; }
    public string? RejectionReason { get; init; }
}
