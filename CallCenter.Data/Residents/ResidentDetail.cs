using CallCenter.Data.Calls;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Residents;

/// <summary>Everything the resident page shows about one person.</summary>
public sealed record ResidentDetail
{
    /// <summary>Who the resident is and their current status.</summary>
    public required ResidentSummary Summary { get; init; }
    /// <summary>The registered address (住所).</summary>
    public string? Address { get; init; }
    /// <summary>Why the resident is a vulnerable person (要支援理由), e.g. 要介護3.</summary>
    public string? VulnerableReason { get; init; }
    /// <summary>Where the current status came from (情報源), or null (never reported).</summary>
    public ReportSource? StatusSource { get; init; }
    /// <summary>When the resident was first imported or provisionally registered (UTC).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>When the row last changed (UTC).</summary>
    public DateTime UpdatedAt { get; init; }
}

/// <summary>A call as listed on a resident page.</summary>
public sealed record CallSummary
{
    /// <summary>The call's id.</summary>
    public long CallId { get; init; }
    /// <summary>Inbound (着信) or outbound (発信).</summary>
    public CallDirection Direction { get; init; }
    /// <summary>Who called, or who was called (通話相手).</summary>
    public string? CallerName { get; init; }
    /// <summary>Their phone number.</summary>
    public string? CallerPhone { get; init; }
    /// <summary>Their relation to the resident (本人, 妻, 近所の人…).</summary>
    public string? CallerRelation { get; init; }
    /// <summary>The operator who took the call, by display name.</summary>
    public string? OperatorName { get; init; }
    /// <summary>The site (拠点) the call was taken at.</summary>
    public string? Site { get; init; }
    /// <summary>When the call was recorded (UTC).</summary>
    public DateTime StartedAt { get; init; }
    /// <summary>The call's note (メモ).</summary>
    public string? Note { get; init; }
    /// <summary>When the call ended (UTC): its save; null on calls recorded without one.</summary>
    public DateTime? EndedAt { get; init; }
    /// <summary>The call's wrap-up code (要件) by its current name, or null.</summary>
    public string? WrapUpLabel { get; init; }
    /// <summary>How long the call lasted (from the form's opening to the save), or null when not known.</summary>
    public TimeSpan? Duration => EndedAt is { } end && end > StartedAt ? end - StartedAt : null;
}
