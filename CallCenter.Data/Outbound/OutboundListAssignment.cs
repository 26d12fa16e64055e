namespace CallCenter.Data.Outbound;

/// <summary>A named list of households given to an operator or a site, as the campaign view shows it.</summary>
public sealed class OutboundListAssignment
{
    public string ListName { get; init; } = "";
    public int? UserId { get; init; }
    public string? UserDisplayName { get; init; }
    public string? Site { get; init; }

    /// <summary>Households on the list.</summary>
    public int Households { get; init; }

    /// <summary>Households of the list still waiting in the queue (a number known, not escalated, not refused).</summary>
    public int Remaining { get; init; }
    public DateTime CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
}
