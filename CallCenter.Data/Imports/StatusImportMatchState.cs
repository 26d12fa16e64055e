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
