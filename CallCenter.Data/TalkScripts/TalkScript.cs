namespace CallCenter.Data.TalkScripts;

/// <summary>A talk script or FAQ as the editor and the call form's search show it.</summary>
/// <remarks>
/// <para><c>CategoryLabel</c>: The request category's label (分類), null when none was chosen.</para>
/// <para><c>RetiredAt</c>: When it was retired (UTC); null while operators can find it.</para>
/// </remarks>
public sealed record TalkScript(
    int TalkScriptId,
    TalkScriptKind Kind,
    int? CategoryId,
    string? CategoryLabel,
    string Title,
    string Body,
    string Keywords,
    DateTime UpdatedAt,
    string? UpdatedByName,
    DateTime? RetiredAt,
    int Version)
{
    /// <summary>Whether operators can still find it.</summary>
    public bool IsActive => RetiredAt is null;
}

/// <summary>What a supervisor wrote in the editor: a new script (<see cref="TalkScriptId"/> null) or a change.</summary>
/// <remarks>
/// <para><c>ExpectedVersion</c>: The version the editor loaded (a change only): someone else's newer change refuses the save.</para>
/// </remarks>
public sealed record TalkScriptDraft(
    int? TalkScriptId,
    int ExpectedVersion,
    TalkScriptKind Kind,
    int? CategoryId,
    string Title,
    string Body,
    string Keywords);

/// <summary>The editor's list filters: kind, category, words (as the search folds them) and whether retired ones are shown.</summary>
public sealed record TalkScriptFilter(TalkScriptKind? Kind = null, int? CategoryId = null, string? Words = null, bool IncludeRetired = false);

/// <summary>One change in a script's history: who, when, which change, and the script as it was before.</summary>
/// <remarks>
/// <para><c>Before</c>: The script before the change; null for 作成.</para>
/// </remarks>
public sealed record TalkScriptRevision(
    long RevisionId,
    int Version,
    TalkScriptChange Change,
    DateTime ChangedAt,
    string? ChangedByName,
    TalkScriptSnapshot? Before);

/// <summary>The words of a script at one time (a revision's 「変更前」).</summary>
public sealed record TalkScriptSnapshot(TalkScriptKind Kind, string? CategoryLabel, string Title, string Body, string Keywords);

/// <summary>The outcome of a save: the script's id and new version, or the Japanese messages naming what is wrong.</summary>
public sealed record TalkScriptSaveResult(int? TalkScriptId, int Version, IReadOnlyList<string> Errors)
{
    /// <summary>Whether the change was written.</summary>
    public bool Saved => Errors.Count == 0;

    internal static TalkScriptSaveResult Refused(params string[] errors) => new(null, 0, errors);
}
