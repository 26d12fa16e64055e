namespace CallCenter.Data.Outbound;

/// <summary>One dialed number and its outcome.</summary>
public sealed class OutboundAttempt
{
    /// <summary>The attempt's id.</summary>
    public long AttemptId { get; init; }
    /// <summary>The household called.</summary>
    public int HouseholdId { get; init; }
    /// <summary>The number dialed.</summary>
    public string Phone { get; init; } = "";
    /// <summary>What came of it.</summary>
    public OutboundOutcome Outcome { get; init; }
    /// <summary>For a callback request: when to call back (UTC).</summary>
    public DateTime? CallbackAt { get; init; }
    /// <summary>The operator who called.</summary>
    public int? UserId { get; init; }
    /// <summary>The operator's display name.</summary>
    public string? UserDisplayName { get; init; }
    /// <summary>The operator's site.</summary>
    public string? Site { get; init; }
    /// <summary>When the call was made (UTC).</summary>
    public DateTime AttemptedAt { get; init; }
    /// <summary>The operator's note.</summary>
    public string? Note { get; init; }
}
