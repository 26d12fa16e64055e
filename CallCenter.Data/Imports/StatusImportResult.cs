namespace CallCenter.Data.Imports;

/// <summary>What a commit did. With errors nothing was written.</summary>
/// <param name="StatusImportId">The import's id, or null when nothing was written.</param>
/// <param name="Reported">Lines matched and written as reports.</param>
/// <param name="Queued">Lines put in the review queue.</param>
/// <param name="AlreadyImported">Lines imported before, skipped.</param>
/// <param name="OlderThanCurrent">Of the reported lines, those dated before the resident's current status.</param>
/// <param name="Errors">The problems that refused the file.</param>
/// <param name="Encoding">The encoding the file was read in ("UTF-8" or "CP932").</param>
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
