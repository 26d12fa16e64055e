using CallCenter.Data.Common;

namespace CallCenter.Data.Imports;

/// <summary>One validated row of a resident-register file, with names split and normalized.</summary>
public sealed record ResidentRegisterRow(
    string ResidentNo,
    string HouseholdNo,
    string? Relationship,
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    DateOnly BirthDate,
    Sex Sex,
    string? District,
    string? Address,
    string? Phone,
    bool? IsVulnerable,
    string? VulnerableReason);

/// <summary>A problem with one row (or the whole file when <see cref="Line"/> is 0).</summary>
public sealed record ImportError(int Line, string Column, string Reason)
{
    /// <inheritdoc />
    public override string ToString() =>
        Line > 0 ? $"{Line}行目 {Column}: {Reason}" : string.IsNullOrEmpty(Column) ? Reason : $"{Column}: {Reason}";
}

/// <summary>What an import did (or, for a dry run or a file with errors, would have done).</summary>
public sealed record ResidentImportResult(
    int Inserted,
    int Updated,
    int Unchanged,
    IReadOnlyList<ImportError> Errors,
    bool DryRun,
    string Encoding,
    int HouseholdsInserted,
    int HouseholdsUpdated)
{
    /// <summary>True when the import was committed (no errors and not a dry run).</summary>
    public bool Committed => Errors.Count == 0 && !DryRun;

    /// <summary>The summary line other offices' scripts read: <c>inserted N, updated M, unchanged K, errors E</c>.</summary>
    public string Summary => $"inserted {Inserted}, updated {Updated}, unchanged {Unchanged}, errors {Errors.Count}";
}
