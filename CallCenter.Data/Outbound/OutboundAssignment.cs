namespace CallCenter.Data.Outbound;

/// <summary>A district given to an operator or a site.</summary>
public sealed class OutboundAssignment
{
    /// <summary>The assignment's id.</summary>
    public int AssignmentId { get; init; }
    /// <summary>The district (行政区) assigned.</summary>
    public string District { get; init; } = "";
    /// <summary>The district's town.</summary>
    public int TownId { get; init; }
    /// <summary>The operator it is assigned to, or null for a site.</summary>
    public int? UserId { get; init; }
    /// <summary>The operator's display name.</summary>
    public string? UserDisplayName { get; init; }
    /// <summary>The site it is assigned to, or null for an operator.</summary>
    public string? Site { get; init; }
    /// <summary>When it was assigned (UTC).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>Who assigned it (user name).</summary>
    public string? CreatedBy { get; init; }
}

/// <summary>A district of a town (行政区): the same name in two towns is two districts.</summary>
public sealed record OutboundDistrict
{
    /// <summary>The town.</summary>
    public int TownId { get; init; }

    /// <summary>The district's name (Households.District).</summary>
    public string District { get; init; } = "";
}
