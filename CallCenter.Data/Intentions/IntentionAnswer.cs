namespace CallCenter.Data.Intentions;

/// <summary>One recorded answer of a household in a round, as its history shows it.</summary>
/// <param name="AnswerId">Its id.</param>
/// <param name="RoundId">The round it answers.</param>
/// <param name="RoundName">The round's name: 「2026年度」.</param>
/// <param name="AnsweredOn">The day the household answered (Japan date).</param>
/// <param name="Intention">帰還意向.</param>
/// <param name="Needs">判断に必要なこと.</param>
/// <param name="Reasons">戻らない理由.</param>
/// <param name="Housing">希望する住まい, when given.</param>
/// <param name="Respondent">Who answered, when given.</param>
/// <param name="Channel">How the answer came in.</param>
/// <param name="CallId">The call it was given in, for an answer on the phone.</param>
/// <param name="RecordedAt">When it was recorded (UTC).</param>
/// <param name="Counts">Whether it is the household's counting answer in its round (the latest by answer date).</param>
public sealed record IntentionAnswer(long AnswerId, int RoundId, string RoundName, DateOnly AnsweredOn, ReturnIntention Intention,
    IntentionNeeds Needs, NotReturningReasons Reasons, HousingWish? Housing, string? Respondent, AnswerChannel Channel, long? CallId,
    DateTime RecordedAt, bool Counts)
{
    // For Dapper: SQLite returns every integer as Int64; with this constructor Dapper sets the properties and converts.
    private IntentionAnswer() : this(0, 0, "", default, default, default, default, null, null, default, null, default, false)
    {
    }

    /// <summary>The one-line summary the call form shows: 「2026年度: 戻りたいと考えている（2026/11/02 郵送）」.</summary>
    public string Summary => $"{RoundName}: {Intention.Label()}（{Common.JapaneseDates.FormatWestern(AnsweredOn)} {Channel.Label()}）";
}

/// <summary>
/// An answer to record: the household, the round and what it said. <see cref="Intention"/> is required; the sets only
/// from their lists; 戻らない理由 only with 戻らないと決めている.
/// </summary>
/// <param name="RoundId">The round (must be open).</param>
/// <param name="HouseholdId">The household that answered.</param>
/// <param name="AnsweredOn">The day it answered (Japan date, not in the future).</param>
/// <param name="Intention">帰還意向; null is refused with a message.</param>
/// <param name="Needs">判断に必要なこと.</param>
/// <param name="Reasons">戻らない理由.</param>
/// <param name="Housing">希望する住まい.</param>
/// <param name="Respondent">Who answered (at most 50 characters).</param>
/// <param name="Channel">How the answer came in.</param>
/// <param name="CallId">The call it was given in.</param>
public sealed record IntentionAnswerDraft(int RoundId, int HouseholdId, DateOnly AnsweredOn, ReturnIntention? Intention,
    IntentionNeeds Needs = IntentionNeeds.None, NotReturningReasons Reasons = NotReturningReasons.None, HousingWish? Housing = null,
    string? Respondent = null, AnswerChannel Channel = AnswerChannel.Phone, long? CallId = null);

/// <summary>
/// The intention answer given in a call (the call form's 「帰還意向」 section): saved by
/// <see cref="Calls.CallRecordingService.SaveAsync"/> in the call's transaction, answered today (Japan date) on the phone.
/// </summary>
/// <param name="RoundId">The round the form offered (must still be open).</param>
/// <param name="HouseholdId">The caller's household.</param>
/// <param name="Intention">帰還意向.</param>
/// <param name="Needs">判断に必要なこと.</param>
/// <param name="Reasons">戻らない理由.</param>
/// <param name="Housing">希望する住まい.</param>
/// <param name="Respondent">Who answered.</param>
public sealed record IntentionDraft(int RoundId, int HouseholdId, ReturnIntention? Intention,
    IntentionNeeds Needs = IntentionNeeds.None, NotReturningReasons Reasons = NotReturningReasons.None, HousingWish? Housing = null,
    string? Respondent = null)
{
    /// <summary>The answer as recorded for the call on <paramref name="today"/>.</summary>
    public IntentionAnswerDraft ForCall(long? callId, DateOnly today) =>
        new(RoundId, HouseholdId, today, Intention, Needs, Reasons, Housing, Respondent, AnswerChannel.Phone, callId);
}

/// <summary>What recording an answer did to the household's counting answer in its round.</summary>
public enum IntentionOutcome
{
    /// <summary>The household's first answer in the round: it counts now.</summary>
    Answered,

    /// <summary>A later-dated (or same-day, later-recorded) answer: it replaces the counting one.</summary>
    Updated,

    /// <summary>An earlier-dated answer: kept in the history, the counting answer unchanged.</summary>
    HistoryOnly,
}
