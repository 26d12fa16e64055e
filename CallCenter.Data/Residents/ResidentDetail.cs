using CallCenter.Data.Calls;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Residents;

/// <summary>Everything the resident page shows about one person.</summary>
public sealed record ResidentDetail
{
    public required ResidentSummary Summary { get; init; }
    public string? Address { get; init; }
    public string? VulnerableReason { get; init; }
    public ReportSource? StatusSource { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

/// <summary>A call as listed on a resident page.</summary>
public sealed record CallSummary
{
    public long CallId { get; init; }
    public CallDirection Direction { get; init; }
    public string? CallerName { get; init; }
    public string? CallerPhone { get; init; }
    public string? CallerRelation { get; init; }
    public string? OperatorName { get; init; }
    public string? Site { get; init; }
    public DateTime StartedAt { get; init; }
    public string? Note { get; init; }
}
