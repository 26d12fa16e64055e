using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Residents;

/// <summary>A resident as a search result or household member: who, and their current status.</summary>
public sealed record ResidentSummary
{
    public int ResidentId { get; init; }
    public required string ResidentNo { get; init; }
    public int? HouseholdId { get; init; }
    public string? HouseholdNo { get; init; }
    public string? Relationship { get; init; }
    public required string FamilyName { get; init; }
    public required string GivenName { get; init; }
    public required string FamilyNameKana { get; init; }
    public required string GivenNameKana { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Sex Sex { get; init; }
    public string? District { get; init; }

    /// <summary>The pre-disaster address (住所), read by search to tell namesakes apart by a word of it.</summary>
    public string? Address { get; init; }
    public string? Phone { get; init; }
    public bool IsVulnerable { get; init; }
    public bool IsProvisional { get; init; }
    public SafetyStatus Status { get; init; }
    public DateTime? StatusReportedAt { get; init; }
    public WhereaboutsType? WhereaboutsType { get; init; }
    public byte? PrefectureCode { get; init; }
    public string? Municipality { get; init; }
    public string? Place { get; init; }
    public string? ContactPhone { get; init; }
    public int Version { get; init; }

    /// <summary>
    /// A reported status waiting for a supervisor's approval (死亡, 行方不明), not yet the current status:
    /// operators see 「承認待ち: 死亡」.
    /// </summary>
    public SafetyStatus? PendingStatus { get; init; }

    /// <summary>For a provisional person merged into a registered resident: that resident.</summary>
    public int? MergedIntoResidentId { get; init; }

    // The normalized keys, read with the row so that ranking need not recompute them.
    internal string? FamilyNameKey { get; init; }
    internal string? GivenNameKey { get; init; }
    internal string? NameKey { get; init; }
    internal string? FamilyKanaKey { get; init; }
    internal string? GivenKanaKey { get; init; }
    internal string? KanaKey { get; init; }

    /// <summary>氏名 as written, family and given separated by a full-width space.</summary>
    public string Name => $"{FamilyName}　{GivenName}";

    /// <summary>氏名カナ, separated by a full-width space.</summary>
    public string NameKana => $"{FamilyNameKana}　{GivenNameKana}";

    /// <summary>One line of whereabouts: 借上げ住宅 山形県 山形市 ○○アパート.</summary>
    public string? WhereaboutsText => WhereaboutsType is null
        ? null
        : string.Join(" ", new[] { WhereaboutsType.Value.Label(), Prefectures.Name(PrefectureCode), Municipality, Place }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
}

/// <summary>A search result: the resident and how well they matched.</summary>
public sealed record SearchHit(ResidentSummary Resident, int Score, bool Exact)
{
    /// <summary>Whether the resident was born on the date or in the period typed; null when none was typed.</summary>
    public bool? BirthMatches { get; init; }

    /// <summary>Whether the resident's 行政区 or address has the place typed; null when none was typed.</summary>
    public bool? PlaceMatches { get; init; }
}
