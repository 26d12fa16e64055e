using CallCenter.Data.Residents;

namespace CallCenter.Data.Imports;

/// <summary>How one line of a status list would be (or was) applied.</summary>
/// <param name="Row">The line as read.</param>
/// <param name="State">Matched, or waiting for review (ambiguous, unmatched).</param>
/// <param name="Reason">Why the line waits for review (null for a matched line).</param>
/// <param name="Candidates">The resident a matched line is about, or the candidates a reviewer chooses from.</param>
/// <param name="AlreadyImported">True when the same line was imported before (or stands earlier in the file): it writes nothing.</param>
public sealed record StatusImportPreviewRow(
    StatusListRow Row,
    StatusImportMatchState State,
    string? Reason,
    IReadOnlyList<ResidentSummary> Candidates,
    bool AlreadyImported)
{
    /// <summary>The resident the report goes to, for a matched line.</summary>
    public ResidentSummary? Resident => State == StatusImportMatchState.Matched ? Candidates[0] : null;

    /// <summary>
    /// A matched line dated before the resident's current status: it joins the history but does not change
    /// what is known now.
    /// </summary>
    public bool OlderThanCurrent => Resident?.StatusReportedAt is { } current && current > Row.ReportedAt;

    /// <summary>The line's <see cref="StatusListRow.ImportKey"/>, kept from matching so that committing does not hash it again.</summary>
    internal string ImportKey { get; init; } = "";
}
