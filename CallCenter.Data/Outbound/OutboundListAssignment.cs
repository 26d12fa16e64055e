namespace CallCenter.Data.Outbound;

/// <summary>A named list of households given to an operator or a site, as the campaign view shows it.</summary>
public sealed class OutboundListAssignment
{
    /// <summary>The list's name.</summary>
    public string ListName { get; init; } = "";
    /// <summary>The operator it is assigned to, or null for a site.</summary>
    public int? UserId { get; init; }
    /// <summary>The operator's display name.</summary>
    public string? UserDisplayName { get; init; }
    /// <summary>The site it is assigned to, or null for an operator.</summary>
    public string? Site { get; init; }

    /// <summary>Households on the list.</summary>
    public int Households { get; init; }

    /// <summary>Households of the list still waiting in the queue (a number known, not escalated, not refused).</summary>
    public int Remaining { get; init; }
    /// <summary>When it was (last) assigned (UTC).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>Who assigned it (user name).</summary>
    public string? CreatedBy { get; init; }
    /// <summary>The town of the list's households (the first, when a list spans towns).</summary>
    public int TownId { get; init; }
}
