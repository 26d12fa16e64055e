namespace CallCenter.Data.Outbound;

/// <summary>A household on the supervisors' list (要対応): escalated, or in need of calling with no number at all.</summary>
public sealed class EscalatedHousehold
{
    public int HouseholdId { get; init; }
    public string HouseholdNo { get; init; } = "";
    public string? District { get; init; }
    public string? HeadFamilyName { get; init; }
    public string? HeadGivenName { get; init; }

    /// <summary>世帯主's name, when the household has one.</summary>
    public string? HeadName => HeadFamilyName is null ? null : $"{HeadFamilyName}　{HeadGivenName}";
    public OutboundEscalation Escalation { get; init; }
    public DateTime? EscalatedAt { get; init; }
    public int Attempts { get; init; }
    public OutboundOutcome? LastOutcome { get; init; }

    /// <summary>Not escalated by attempts: no member has any number.</summary>
    public bool NoNumberKnown => Escalation == OutboundEscalation.None;
}
