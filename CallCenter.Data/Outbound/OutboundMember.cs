using CallCenter.Data.Reports;

namespace CallCenter.Data.Outbound;

/// <summary>
/// A household member as the worklist shows them: who, their own number and their current status. (The exports read
/// residents as <see cref="Residents.ResidentSummary"/>; this row stays its own because the worklist needs the 要支援理由
/// a summary lacks and none of the summary's whereabouts.)
/// </summary>
public sealed class OutboundMember
{
    /// <summary>The resident's id.</summary>
    public int ResidentId { get; init; }
    /// <summary>住民番号.</summary>
    public string ResidentNo { get; init; } = "";
    /// <summary>続柄 to the head of the household.</summary>
    public string? Relationship { get; init; }
    /// <summary>氏.</summary>
    public string FamilyName { get; init; } = "";
    /// <summary>名.</summary>
    public string GivenName { get; init; } = "";
    /// <summary>氏 (カナ).</summary>
    public string FamilyNameKana { get; init; } = "";
    /// <summary>名 (カナ).</summary>
    public string GivenNameKana { get; init; } = "";
    /// <summary>生年月日, when known.</summary>
    public DateOnly? BirthDate { get; init; }
    /// <summary>True for a 避難行動要支援者.</summary>
    public bool IsVulnerable { get; init; }
    /// <summary>Why the person needs support, when recorded.</summary>
    public string? VulnerableReason { get; init; }
    /// <summary>The current safety status.</summary>
    public SafetyStatus Status { get; init; }
    /// <summary>When the current status was reported (UTC).</summary>
    public DateTime? StatusReportedAt { get; init; }
    /// <summary>The person's own number from the register.</summary>
    public string? Phone { get; init; }
    /// <summary>The number given with the current whereabouts.</summary>
    public string? ContactPhone { get; init; }

    /// <summary>氏名, family and given separated by a full-width space.</summary>
    public string Name => $"{FamilyName}　{GivenName}";
}
