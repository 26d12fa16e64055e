namespace CallCenter.Data.Outbound;

/// <summary>A district given to an operator or a site.</summary>
public sealed class OutboundAssignment
{
    public int AssignmentId { get; init; }
    public string District { get; init; } = "";
    public int? UserId { get; init; }
    public string? UserDisplayName { get; init; }
    public string? Site { get; init; }
    public DateTime CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
}
