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
    /// <summary>The report's id.</summary>
    public long ReportId { get; init; }
    /// <summary>The person the report is about.</summary>
    public int ResidentId { get; init; }
    /// <summary>The call (通話) it was recorded in, or null (an import, a list).</summary>
    public long? CallId { get; init; }
    /// <summary>The reported safety status (安否).</summary>
    public SafetyStatus Status { get; init; }
    /// <summary>Where the information came from (情報源).</summary>
    public ReportSource Source { get; init; }
    /// <summary>The kind of place the person is (所在・避難先の種別), or null when not known.</summary>
    public WhereaboutsType? WhereaboutsType { get; init; }
    /// <summary>The prefecture of the whereabouts (JIS code 1–47), or null.</summary>
    public byte? PrefectureCode { get; init; }
    /// <summary>The municipality (市区町村) of the whereabouts.</summary>
    public string? Municipality { get; init; }
    /// <summary>The place itself: a shelter's or hospital's name, an address.</summary>
    public string? Place { get; init; }
    /// <summary>A phone number where the person can be reached now.</summary>
    public string? ContactPhone { get; init; }
    /// <summary>Consent to tell relatives (⑫親族); null when not asked.</summary>
    public bool? ConsentRelatives { get; init; }
    /// <summary>Consent to tell acquaintances (⑬知人); null when not asked.</summary>
    public bool? ConsentAcquaintances { get; init; }
    /// <summary>Consent to tell others and to publish (⑭その他・公表); null when not asked.</summary>
    public bool? ConsentPublic { get; init; }
    /// <summary>Who gave the information (報告者).</summary>
    public string? ReporterName { get; init; }
    /// <summary>The reporter's relation to the person (本人, 妻, 病院…).</summary>
    public string? ReporterRelation { get; init; }
    /// <summary>The staff member who recorded it, or null (an import, the API).</summary>
    public int? OperatorUserId { get; init; }
    /// <summary>When the information was true (UTC): the time of the call or the list's date.</summary>
    public DateTime ReportedAt { get; init; }
    /// <summary>When it was written to the database (UTC).</summary>
    public DateTime RecordedAt { get; init; }
    /// <summary>The operator's free-text note (メモ).</summary>
    public string? Note { get; init; }

    /// <summary>Null when the report needed no approval; otherwise where the supervisor's decision stands.</summary>
    public Approvals.ApprovalState? Approval { get; init; }
    /// <summary>When a supervisor approved or rejected it (UTC), or null.</summary>
    public DateTime? ApprovalDecidedAt { get; init; }
    /// <summary>The supervisor who decided, by display name.</summary>
    public string? ApprovalDecidedBy { get; init; }
    /// <summary>How the supervisor confirmed it before approving (確認の根拠).</summary>
    public string? ApprovalEvidence { get; init; }
    /// <summary>Why the supervisor rejected it (却下の理由).</summary>
    public string? RejectionReason { get; init; }
}
