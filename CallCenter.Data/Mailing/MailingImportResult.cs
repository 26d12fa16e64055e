using CallCenter.Data.Imports;

namespace CallCenter.Data.Mailing;

/// <summary>What a mailing-address import did (or, for a dry run or a file with errors, would have done).</summary>
/// <param name="Updated">Households whose address was written (a first address, or one different from the current).</param>
/// <param name="Unchanged">Lines identical to the household's current address (not written again).</param>
/// <param name="Errors">Every problem, with line and column; when any, nothing was written.</param>
/// <param name="DryRun">Only checked: nothing was written.</param>
/// <param name="Encoding">The encoding the file was read in ("UTF-8" or "CP932").</param>
/// <param name="Preview">The first lines as they were read and resolved, for the upload page's preview.</param>
public sealed record MailingImportResult(int Updated, int Unchanged, IReadOnlyList<ImportError> Errors, bool DryRun, string Encoding,
    IReadOnlyList<MailingImportLine> Preview)
{
    /// <summary>「町 大熊町（075451）」 when several towns exist (the audit row names the town), else null.</summary>
    public string? TownPhrase { get; init; }

    /// <summary>The addresses were written.</summary>
    public bool Committed => !DryRun && Errors.Count == 0;

    /// <summary>The last line the command prints: <c>updated N, unchanged M, errors E</c>.</summary>
    public string Summary => $"updated {Updated}, unchanged {Unchanged}, errors {Errors.Count}";
}

/// <summary>One line of a mailing file as read and resolved, and what it does: 「新規」, 「更新」 or 「変更なし」.</summary>
/// <param name="Line">The physical line it starts on.</param>
/// <param name="HouseholdNo">世帯番号.</param>
/// <param name="Address">The checked address.</param>
/// <param name="Effect">「新規」 (the household's first address), 「更新」 (a different address) or 「変更なし」.</param>
public sealed record MailingImportLine(int Line, string HouseholdNo, MailingAddressValue Address, string Effect);
