using CallCenter.Data.Common;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>A line waiting in (or taken from) the review queue, with its candidates.</summary>
public sealed record StatusImportQueueItem
{
    /// <summary>The line's id in the queue (<c>StatusImportRows</c>).</summary>
    public int StatusImportRowId { get; init; }
    /// <summary>The import the line came with.</summary>
    public int StatusImportId { get; init; }
    /// <summary>The town the list was imported into: the line is about one of its residents (or someone new to it).</summary>
    public int TownId { get; init; }
    /// <summary>The name of the file the line came from.</summary>
    public required string FileName { get; init; }
    /// <summary>Where the list came from: a shelter list or an agency.</summary>
    public ReportSource Source { get; init; }
    /// <summary>The line's number in its file.</summary>
    public int Line { get; init; }
    /// <summary>住民番号 as the list gave it, if any.</summary>
    public string? ResidentNo { get; init; }
    /// <summary>氏 as the list gave it.</summary>
    public required string FamilyName { get; init; }
    /// <summary>名 as the list gave it (may be empty).</summary>
    public required string GivenName { get; init; }
    /// <summary>氏 (カナ) as the list gave it.</summary>
    public required string FamilyNameKana { get; init; }
    /// <summary>名 (カナ) as the list gave it (may be empty).</summary>
    public required string GivenNameKana { get; init; }
    /// <summary>生年月日, when the list gave it.</summary>
    public DateOnly? BirthDate { get; init; }
    /// <summary>性別, when the list gave it.</summary>
    public Sex Sex { get; init; }
    /// <summary>行政区 of the person's home in the town, when the list gave it.</summary>
    public string? District { get; init; }
    /// <summary>住所 of the person's home in the town, when the list gave it.</summary>
    public string? Address { get; init; }
    /// <summary>The safety status the line states.</summary>
    public SafetyStatus Status { get; init; }
    /// <summary>The kind of place the person is now, when given.</summary>
    public WhereaboutsType? WhereaboutsType { get; init; }
    /// <summary>The prefecture of the whereabouts (JIS code), when given.</summary>
    public byte? PrefectureCode { get; init; }
    /// <summary>The municipality of the whereabouts, when given.</summary>
    public string? Municipality { get; init; }
    /// <summary>The place (shelter, address) of the whereabouts, when given.</summary>
    public string? Place { get; init; }
    /// <summary>A phone number to reach the person there, when given.</summary>
    public string? ContactPhone { get; init; }
    /// <summary>When the list says the status was confirmed (the start of that Japan day, in UTC).</summary>
    public DateTime ReportedAt { get; init; }
    /// <summary>Where the line stands (pending while ambiguous or unmatched).</summary>
    public StatusImportMatchState MatchState { get; init; }
    /// <summary>Why the line waits for review.</summary>
    public string? Reason { get; init; }
    /// <summary>The candidates' resident ids as stored, comma-separated.</summary>
    public string? CandidateIds { get; init; }
    /// <summary>When the import was committed.</summary>
    public DateTime CommittedAt { get; init; }
    /// <summary>The residents the line may be about (at most <see cref="StatusListMatching.MaxCandidates"/>).</summary>
    public IReadOnlyList<ResidentSummary> Candidates { get; init; } = [];

    /// <summary>氏名 for display.</summary>
    public string Name => StatusImportLabels.ListName(FamilyName, GivenName);

    /// <summary>氏名カナ for display.</summary>
    public string NameKana => StatusImportLabels.ListNameKana(FamilyNameKana, GivenNameKana);

    /// <summary>避難先 for display: type, prefecture, municipality, place.</summary>
    public string WhereaboutsText => StatusImportLabels.WhereaboutsText(WhereaboutsType, PrefectureCode, Municipality, Place);
}
