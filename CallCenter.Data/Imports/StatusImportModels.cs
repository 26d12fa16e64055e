using CallCenter.Data.Common;
using CallCenter.Data.Reports;

namespace CallCenter.Data.Imports;

/// <summary>Where a status-list line stands. Stored as its number in <c>StatusImportRows.MatchState</c>.</summary>
public enum StatusImportMatchState : byte
{
    /// <summary>Matched to one resident: the report was written at import.</summary>
    Matched = 1,
    /// <summary>Several candidates, or a candidate that contradicts the line: waits for review.</summary>
    Ambiguous = 2,
    /// <summary>No candidate: waits for review.</summary>
    Unmatched = 3,
    /// <summary>An operator chose the person; the report was written then.</summary>
    Resolved = 4,
    /// <summary>An operator created a provisional person (仮登録) and wrote the report on them.</summary>
    Provisional = 5,
    /// <summary>An operator decided the line is not about anyone to record.</summary>
    Skipped = 6,
}

/// <summary>Japanese labels of <see cref="StatusImportMatchState"/>.</summary>
public static class StatusImportLabels
{
    public static string Label(this StatusImportMatchState state) => state switch
    {
        StatusImportMatchState.Matched => "一致",
        StatusImportMatchState.Ambiguous => "候補複数・要確認",
        StatusImportMatchState.Unmatched => "該当なし",
        StatusImportMatchState.Resolved => "確認済み",
        StatusImportMatchState.Provisional => "仮登録",
        StatusImportMatchState.Skipped => "対象外",
        _ => state.ToString(),
    };

    /// <summary>避難先 for display: type, prefecture, municipality, place (the parts given, space-separated).</summary>
    public static string WhereaboutsText(WhereaboutsType? type, byte? prefectureCode, string? municipality, string? place) =>
        string.Join(" ", new[] { type?.Label(), Prefectures.Name(prefectureCode), municipality, place }.Where(s => !string.IsNullOrEmpty(s)));

    /// <summary>True for the states that wait in the review queue.</summary>
    public static bool IsPending(this StatusImportMatchState state) =>
        state is StatusImportMatchState.Ambiguous or StatusImportMatchState.Unmatched;
}

/// <summary>A resident a status-list line may be about.</summary>
public sealed record StatusImportCandidate
{
    public int ResidentId { get; init; }
    public required string ResidentNo { get; init; }
    public required string FamilyName { get; init; }
    public required string GivenName { get; init; }
    public required string FamilyNameKana { get; init; }
    public required string GivenNameKana { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Sex Sex { get; init; }
    public string? District { get; init; }
    public string? Address { get; init; }
    public bool IsProvisional { get; init; }
    public SafetyStatus Status { get; init; }
    public DateTime? StatusReportedAt { get; init; }
    internal string KanaKey { get; init; } = "";

    /// <summary>氏名 for display.</summary>
    public string Name => GivenName.Length == 0 ? FamilyName : $"{FamilyName}　{GivenName}";

    /// <summary>氏名カナ for display.</summary>
    public string NameKana => GivenNameKana.Length == 0 ? FamilyNameKana : $"{FamilyNameKana} {GivenNameKana}";
}

/// <summary>How one line of a status list would be (or was) applied.</summary>
public sealed record StatusImportPreviewRow(
    StatusListRow Row,
    StatusImportMatchState State,
    string? Reason,
    IReadOnlyList<StatusImportCandidate> Candidates,
    bool AlreadyImported)
{
    /// <summary>The resident the report goes to, for a matched line.</summary>
    public StatusImportCandidate? Resident => State == StatusImportMatchState.Matched ? Candidates[0] : null;

    /// <summary>
    /// A matched line dated before the resident's current status: it joins the history but does not change
    /// what is known now.
    /// </summary>
    public bool OlderThanCurrent => Resident?.StatusReportedAt is { } current && current > Row.ReportedAt;

    /// <summary>The line's <see cref="StatusListRow.ImportKey"/>, kept from matching so that committing does not hash it again.</summary>
    internal string ImportKey { get; init; } = "";
}

/// <summary>What a status list holds and how it would be applied. Writing a preview writes nothing.</summary>
public sealed record StatusImportPreview(
    string FileName,
    ReportSource Source,
    string Encoding,
    string Sha256,
    IReadOnlyList<StatusImportPreviewRow> Rows,
    IReadOnlyList<ImportError> Errors,
    DateTime? FileImportedAt)
{
    public int Total => Rows.Count;
    public int Matched => Rows.Count(r => !r.AlreadyImported && r.State == StatusImportMatchState.Matched);
    public int Ambiguous => Rows.Count(r => !r.AlreadyImported && r.State == StatusImportMatchState.Ambiguous);
    public int Unmatched => Rows.Count(r => !r.AlreadyImported && r.State == StatusImportMatchState.Unmatched);
    public int AlreadyImported => Rows.Count(r => r.AlreadyImported);
    public int OlderThanCurrent => Rows.Count(r => !r.AlreadyImported && r.OlderThanCurrent);

    /// <summary>What a commit would do, in the words of <see cref="StatusImportResult.Summary"/>.</summary>
    public string Summary => $"reported {Matched}, queued {Ambiguous + Unmatched}, already imported {AlreadyImported}, errors {Errors.Count}";

    /// <summary>True when committing would write something: no errors and at least one new line.</summary>
    public bool CanCommit => Errors.Count == 0 && Rows.Any(r => !r.AlreadyImported);
}

/// <summary>What a commit did. With errors nothing was written.</summary>
public sealed record StatusImportResult(
    int? StatusImportId,
    int Reported,
    int Queued,
    int AlreadyImported,
    int OlderThanCurrent,
    IReadOnlyList<ImportError> Errors,
    string Encoding)
{
    /// <summary>Of the reported lines, the 死亡 / 行方不明 ones that wait for a supervisor's approval before they count.</summary>
    public int PendingApproval { get; init; }

    /// <summary>True when the file had no errors (a file whose every line was imported before writes nothing and is still no failure).</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>One line for scripts and the audit log.</summary>
    public string Summary => $"reported {Reported}, queued {Queued}, already imported {AlreadyImported}, errors {Errors.Count}";
}

/// <summary>A line waiting in (or taken from) the review queue, with its candidates.</summary>
public sealed record StatusImportQueueItem
{
    public int StatusImportRowId { get; init; }
    public int StatusImportId { get; init; }
    public required string FileName { get; init; }
    public ReportSource Source { get; init; }
    public int Line { get; init; }
    public string? ResidentNo { get; init; }
    public required string FamilyName { get; init; }
    public required string GivenName { get; init; }
    public required string FamilyNameKana { get; init; }
    public required string GivenNameKana { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Sex Sex { get; init; }
    public string? District { get; init; }
    public string? Address { get; init; }
    public SafetyStatus Status { get; init; }
    public WhereaboutsType? WhereaboutsType { get; init; }
    public byte? PrefectureCode { get; init; }
    public string? Municipality { get; init; }
    public string? Place { get; init; }
    public string? ContactPhone { get; init; }
    public DateTime ReportedAt { get; init; }
    public StatusImportMatchState MatchState { get; init; }
    public string? Reason { get; init; }
    public string? CandidateIds { get; init; }
    public DateTime CommittedAt { get; init; }
    public IReadOnlyList<StatusImportCandidate> Candidates { get; init; } = [];

    /// <summary>氏名 for display.</summary>
    public string Name => GivenName.Length == 0 ? FamilyName : $"{FamilyName}　{GivenName}";

    /// <summary>氏名カナ for display.</summary>
    public string NameKana => GivenNameKana.Length == 0 ? FamilyNameKana : $"{FamilyNameKana} {GivenNameKana}";

    /// <summary>避難先 for display: type, prefecture, municipality, place.</summary>
    public string WhereaboutsText => StatusImportLabels.WhereaboutsText(WhereaboutsType, PrefectureCode, Municipality, Place);
}
