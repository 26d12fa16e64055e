using CallCenter.Data.Reports;

namespace CallCenter.Data.Outbound;

/// <summary>A household member as the worklist shows them.</summary>
public sealed class OutboundMember
{
    public int ResidentId { get; init; }
    public string ResidentNo { get; init; } = "";
    public string? Relationship { get; init; }
    public string FamilyName { get; init; } = "";
    public string GivenName { get; init; } = "";
    public string FamilyNameKana { get; init; } = "";
    public string GivenNameKana { get; init; } = "";
    public DateOnly? BirthDate { get; init; }
    public bool IsVulnerable { get; init; }
    public string? VulnerableReason { get; init; }
    public SafetyStatus Status { get; init; }
    public DateTime? StatusReportedAt { get; init; }
    public string? Phone { get; init; }
    public string? ContactPhone { get; init; }

    public string Name => $"{FamilyName}　{GivenName}";
}
