using CallCenter.Data.Imports;

namespace CallCenter.Data.Intentions;

/// <summary>What an intention import did (or, for a dry run or a file with errors, would have done).</summary>
/// <param name="Answered">Households answered for the first time in the round.</param>
/// <param name="Updated">Households whose counting answer a later-dated (or same-day, later) line replaced.</param>
/// <param name="Unchanged">Lines that change no counting answer: an identical answer already recorded (not written again), or an earlier-dated answer (kept in the history).</param>
/// <param name="Errors">Every problem, with line and column; when any, nothing was written.</param>
/// <param name="DryRun">Only checked: nothing was written, not even a new round.</param>
/// <param name="Encoding">The encoding the file was read in ("UTF-8" or "CP932").</param>
/// <param name="RoundName">The round the answers go to.</param>
/// <param name="RoundCreated">The round did not exist: it was created (or, in a dry run, would be).</param>
/// <param name="Preview">The first lines as they were read and resolved, for the upload page's preview.</param>
public sealed record IntentionImportResult(int Answered, int Updated, int Unchanged, IReadOnlyList<ImportError> Errors, bool DryRun,
    string Encoding, string RoundName, bool RoundCreated, IReadOnlyList<IntentionImportLine> Preview)
{
    /// <summary>「町 大熊町（075451）」 when several towns exist (the audit row names the town), else null.</summary>
    public string? TownPhrase { get; init; }

    /// <summary>The answers were written.</summary>
    public bool Committed => !DryRun && Errors.Count == 0;

    /// <summary>The last line the command prints: <c>answered N, updated M, unchanged K, errors E</c>.</summary>
    public string Summary => $"answered {Answered}, updated {Updated}, unchanged {Unchanged}, errors {Errors.Count}";
}

/// <summary>One line of an intention file as read and resolved: its household, the answer and what it does.</summary>
/// <param name="Line">The physical line it starts on.</param>
/// <param name="HouseholdNo">The household it answers for.</param>
/// <param name="AnsweredOn">回答日.</param>
/// <param name="Intention">帰還意向.</param>
/// <param name="Channel">経路.</param>
/// <param name="Respondent">回答者.</param>
/// <param name="Effect">What it does: 「新規」, 「更新」, 「変更なし」, 「履歴のみ」.</param>
public sealed record IntentionImportLine(int Line, string HouseholdNo, DateOnly AnsweredOn, ReturnIntention Intention, AnswerChannel Channel,
    string? Respondent, string Effect);
