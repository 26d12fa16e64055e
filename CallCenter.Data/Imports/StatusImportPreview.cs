using CallCenter.Data.Reports;

namespace CallCenter.Data.Imports;

/// <summary>What a status list holds and how it would be applied. Writing a preview writes nothing.</summary>
/// <param name="FileName">The uploaded file's name.</param>
/// <param name="Source">Where the list came from: a shelter list or an agency.</param>
/// <param name="Encoding">The encoding the file was read in ("UTF-8" or "CP932").</param>
/// <param name="Sha256">The SHA-256 of the file's bytes, hexadecimal.</param>
/// <param name="Rows">Every line and how it would be applied (none when the file has errors).</param>
/// <param name="Errors">The problems that refuse the file.</param>
/// <param name="FileImportedAt">When the same file was last committed, if it was.</param>
public sealed record StatusImportPreview(
    string FileName,
    ReportSource Source,
    string Encoding,
    string Sha256,
    IReadOnlyList<StatusImportPreviewRow> Rows,
    IReadOnlyList<ImportError> Errors,
    DateTime? FileImportedAt)
{
    /// <summary>Lines in the file.</summary>
    public int Total => Rows.Count;
    /// <summary>New lines matched to one resident: each becomes a report.</summary>
    public int Matched => Rows.Count(r => !r.AlreadyImported && r.State == StatusImportMatchState.Matched);
    /// <summary>New lines with several candidates (or a contradicting one): they wait for review.</summary>
    public int Ambiguous => Rows.Count(r => !r.AlreadyImported && r.State == StatusImportMatchState.Ambiguous);
    /// <summary>New lines that match no one: they wait for review.</summary>
    public int Unmatched => Rows.Count(r => !r.AlreadyImported && r.State == StatusImportMatchState.Unmatched);
    /// <summary>Lines imported before: they write nothing.</summary>
    public int AlreadyImported => Rows.Count(r => r.AlreadyImported);
    /// <summary>New matched lines dated before the resident's current status.</summary>
    public int OlderThanCurrent => Rows.Count(r => !r.AlreadyImported && r.OlderThanCurrent);

    /// <summary>What a commit would do, in the words of <see cref="StatusImportResult.Summary"/>.</summary>
    public string Summary => $"reported {Matched}, queued {Ambiguous + Unmatched}, already imported {AlreadyImported}, errors {Errors.Count}";

    /// <summary>True when committing would write something: no errors and at least one new line.</summary>
    public bool CanCommit => Errors.Count == 0 && Rows.Any(r => !r.AlreadyImported);
}
