namespace CallCenter.Data.Outbound;

/// <summary>One dialed number and its outcome.</summary>
public sealed class OutboundAttempt
{
    public long AttemptId { get; init; }
    public int HouseholdId { get; init; }
    public string Phone { get; init; } = "";
    public OutboundOutcome Outcome { get; init; }
    public DateTime? CallbackAt { get; init; }
    public int? UserId { get; init; }
    public string? UserDisplayName { get; init; }
    public string? Site { get; init; }
    public DateTime AttemptedAt { get; init; }
    public string? Note { get; init; }
}
