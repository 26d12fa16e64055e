using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Residents;

/// <summary>A resident as a search result or household member: who, and their current status.</summary>
public sealed record ResidentSummary
{
    /// <summary>The resident's id (internal; never shown).</summary>
    public int ResidentId { get; init; }
    /// <summary>The town (<see cref="Towns.Town"/>) whose register holds the resident: numbers are unique within a town only.</summary>
    public int TownId { get; init; }
    /// <summary>The resident number (住民番号), or P + six digits for a provisional person.</summary>
    public required string ResidentNo { get; init; }
    /// <summary>The household (世帯) id, or null (a provisional person).</summary>
    public int? HouseholdId { get; init; }
    /// <summary>The household number (世帯番号).</summary>
    public string? HouseholdNo { get; init; }
    /// <summary>The relationship to the head of household (続柄: 世帯主, 妻, 子…).</summary>
    public string? Relationship { get; init; }
    /// <summary>Family name as registered (氏).</summary>
    public required string FamilyName { get; init; }
    /// <summary>Given name as registered (名).</summary>
    public required string GivenName { get; init; }
    /// <summary>Reading of the family name in katakana (氏カナ).</summary>
    public required string FamilyNameKana { get; init; }
    /// <summary>Reading of the given name in katakana (名カナ).</summary>
    public required string GivenNameKana { get; init; }
    /// <summary>Date of birth (生年月日), or null when not known.</summary>
    public DateOnly? BirthDate { get; init; }
    /// <summary>Sex (性別).</summary>
    public Sex Sex { get; init; }
    /// <summary>The district (行政区) of the registered address.</summary>
    public string? District { get; init; }
    /// <summary>The pre-disaster address (住所), read by search to tell namesakes apart by a word of it.</summary>
    public string? Address { get; init; }
    /// <summary>The registered phone number.</summary>
    public string? Phone { get; init; }
    /// <summary>A vulnerable person (避難行動要支援者).</summary>
    public bool IsVulnerable { get; init; }
    /// <summary>A provisional person (仮登録): not in the register, recorded by an operator.</summary>
    public bool IsProvisional { get; init; }
    /// <summary>The current safety status (安否): that of the newest approved report.</summary>
    public SafetyStatus Status { get; init; }
    /// <summary>When the current status was reported (UTC), or null (never).</summary>
    public DateTime? StatusReportedAt { get; init; }
    /// <summary>The current whereabouts' kind (所在・避難先の種別), or null.</summary>
    public WhereaboutsType? WhereaboutsType { get; init; }
    /// <summary>The current whereabouts' prefecture (JIS code 1–47), or null.</summary>
    public byte? PrefectureCode { get; init; }
    /// <summary>The current whereabouts' municipality (市区町村).</summary>
    public string? Municipality { get; init; }
    /// <summary>The current whereabouts' place (避難所名, 病院名, 住所).</summary>
    public string? Place { get; init; }
    /// <summary>The phone number where the resident can be reached now.</summary>
    public string? ContactPhone { get; init; }
    /// <summary>Row version: a save checks it to notice a newer report by someone else.</summary>
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
