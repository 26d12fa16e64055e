using CallCenter.Data.Reports;

namespace CallCenter.Data.Calls;

/// <summary>Who is saving: the signed-in operator, for the call, the reports and the audit rows.</summary>
public sealed record OperatorContext(int? UserId, string? UserName, string? Site)
{
    /// <summary>The app itself, with no user (an API tally, the key ring at start-up): the audit row names no one.</summary>
    public static OperatorContext System { get; } = new(null, null, null);

    /// <summary>The command line, named after the account of the operating system that runs it (<c>cli:NAME</c>).</summary>
    public static OperatorContext CommandLine => new(null, $"cli:{Environment.UserName}", null);
}

/// <summary>What the operator recorded about one person in a call.</summary>
public sealed record PersonReportDraft(
    int ResidentId,
    int ExpectedVersion,
    SafetyStatus Status,
    ReportSource Source,
    WhereaboutsType? WhereaboutsType,
    byte? PrefectureCode,
    string? Municipality,
    string? Place,
    string? ContactPhone,
    Consent Consent,
    string? Note);

/// <summary>A call with one report per person it was about.</summary>
/// <param name="Direction">着信 or 発信.</param>
/// <param name="CallerName">Who was on the phone.</param>
/// <param name="CallerPhone">The caller's number as given.</param>
/// <param name="CallerRelation">The caller's relation to the persons (本人, 家族 …).</param>
/// <param name="Note">The call's own note.</param>
/// <param name="Reports">One report per person the call was about.</param>
/// <param name="AcceptNewerReports">The operator has seen the newer reports and saves anyway.</param>
/// <param name="WrapUpCodeId">The wrap-up code (要件, see <see cref="WrapUpCodes"/>); required for an inbound call.</param>
/// <param name="StartedAt">When the call form opened (the call timer's start, UTC); the save time when not given.</param>
/// <param name="Requests">Residents' requests (要望・相談) heard in the call, saved in its transaction after the reports.</param>
/// <param name="Intention">The household's intention answer given in the call (帰還意向), saved in the call's transaction; null: none.</param>
/// <param name="ToldAnnouncements">The announcements ticked 伝達済 in 「伝えること」 (伝達記録, issue 18), saved in the call's transaction; null: none.</param>
/// <param name="Mailing">The household's mailing address heard in the call (送付先), saved in the call's transaction; null: none.</param>
public sealed record CallDraft(
    CallDirection Direction,
    string? CallerName,
    string? CallerPhone,
    string? CallerRelation,
    string? Note,
    IReadOnlyList<PersonReportDraft> Reports,
    bool AcceptNewerReports = false,
    int? WrapUpCodeId = null,
    DateTime? StartedAt = null,
    IReadOnlyList<Requests.RequestDraft>? Requests = null,
    Intentions.IntentionDraft? Intention = null,
    IReadOnlyList<int>? ToldAnnouncements = null,
    Mailing.MailingAddressDraft? Mailing = null);

/// <summary>A field the operator must correct; <see cref="ResidentId"/> is null for the call's own fields.</summary>
public sealed record DraftError(int? ResidentId, string Field, string Message);

/// <summary>
/// A person who changed after the operator opened the form: the newest report now on record, which the
/// operator must see before saving over it.
/// </summary>
public sealed record NewerReport(int ResidentId, string Name, int CurrentVersion, SafetyReport? Newest);

/// <summary>The outcome of saving a call.</summary>
public sealed record CallSaveResult(long? CallId, IReadOnlyList<DraftError> Errors, IReadOnlyList<NewerReport> Newer)
{
    /// <summary>The call was saved (no errors, no newer report in the way).</summary>
    public bool Saved => CallId is not null;
}
