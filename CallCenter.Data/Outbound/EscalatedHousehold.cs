namespace CallCenter.Data.Outbound;

/// <summary>A household on the supervisors' list (要対応): escalated, or in need of calling with no number at all.</summary>
public sealed class EscalatedHousehold
{
    /// <summary>The household's id.</summary>
    public int HouseholdId { get; init; }
    /// <summary>世帯番号.</summary>
    public string HouseholdNo { get; init; } = "";
    /// <summary>The household's town.</summary>
    public int TownId { get; init; }
    /// <summary>The household's 行政区.</summary>
    public string? District { get; init; }
    /// <summary>世帯主's family name, when the household has one.</summary>
    public string? HeadFamilyName { get; init; }
    /// <summary>世帯主's given name, when the household has one.</summary>
    public string? HeadGivenName { get; init; }

    /// <summary>世帯主's name, when the household has one.</summary>
    public string? HeadName => HeadFamilyName is null ? null : $"{HeadFamilyName}　{HeadGivenName}";
    /// <summary>Why the household was escalated (<see cref="OutboundEscalation.None"/> when no number is known at all).</summary>
    public OutboundEscalation Escalation { get; init; }
    /// <summary>When it was escalated (UTC).</summary>
    public DateTime? EscalatedAt { get; init; }
    /// <summary>Attempts made on the household.</summary>
    public int Attempts { get; init; }
    /// <summary>The outcome of the last attempt, if any.</summary>
    public OutboundOutcome? LastOutcome { get; init; }

    /// <summary>Not escalated by attempts: no member has any number.</summary>
    public bool NoNumberKnown => Escalation == OutboundEscalation.None;
}
