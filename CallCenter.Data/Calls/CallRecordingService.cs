using System.Data.Common;
using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using Dapper;

namespace CallCenter.Data.Calls;

/// <summary>
/// Saves a call and its reports in one transaction: the call, the persons it was about, one report per
/// person (each moving that person's current status when newest), and the audit rows. Nothing is saved
/// when any field is wrong, or when a person changed since the operator opened the form and the operator
/// has not yet seen the newer report.
/// </summary>
public sealed class CallRecordingService(ConnectionFactory connections, TimeProvider time, Approvals.ApprovalPolicy? approval = null)
{
    /// <summary>Statuses that need a whereabouts type (the person was reached or found).</summary>
    private static readonly HashSet<SafetyStatus> NeedWhereabouts = [SafetyStatus.Safe, SafetyStatus.Injured, SafetyStatus.Hospitalized];

    /// <summary>The longest a call may have lasted: a start further back than this is not believed (a form left open overnight).</summary>
    public static readonly TimeSpan LongestCall = TimeSpan.FromHours(12);

    /// <summary>Checks a draft; returns every problem, in Japanese.</summary>
    public static IReadOnlyList<DraftError> Validate(CallDraft draft)
    {
        var errors = new List<DraftError>();
        if (!Enum.IsDefined(draft.Direction))
        {
            errors.Add(new DraftError(null, "direction", "着信か発信かを選んでください。"));
        }
        if (draft.Direction == CallDirection.Inbound && draft.WrapUpCodeId is null)
        {
            errors.Add(new DraftError(null, "wrapUpCode", "要件を選んでください。"));
        }
        if (string.IsNullOrWhiteSpace(draft.CallerName))
        {
            errors.Add(new DraftError(null, "callerName", "通話相手の氏名を入力してください。"));
        }
        Length(errors, null, "callerName", "通話相手の氏名", draft.CallerName, 100);
        Length(errors, null, "callerRelation", "続柄・関係", draft.CallerRelation, 50);
        Length(errors, null, "note", "通話メモ", draft.Note, 2000);
        Phone(errors, null, "callerPhone", "通話相手の電話番号", draft.CallerPhone);
        if (draft.Reports.Count == 0)
        {
            errors.Add(new DraftError(null, "reports", "記録する人を1人以上選んでください。"));
        }
        foreach (var group in draft.Reports.GroupBy(r => r.ResidentId).Where(g => g.Count() > 1))
        {
            errors.Add(new DraftError(group.Key, "resident", "同じ人が二度選ばれています。"));
        }
        errors.AddRange(Requests.RequestRecorder.Validate(draft.Requests));
        foreach (var r in draft.Reports)
        {
            if (!Enum.IsDefined(r.Status))
            {
                errors.Add(new DraftError(r.ResidentId, "status", "安否を選んでください。"));
            }
            if (!Enum.IsDefined(r.Source))
            {
                errors.Add(new DraftError(r.ResidentId, "source", "情報源を選んでください。"));
            }
            if (r.WhereaboutsType is { } type && !Enum.IsDefined(type))
            {
                errors.Add(new DraftError(r.ResidentId, "whereaboutsType", "避難先種別を選び直してください。"));
            }
            if (NeedWhereabouts.Contains(r.Status) && r.WhereaboutsType is null)
            {
                errors.Add(new DraftError(r.ResidentId, "whereaboutsType", "避難先種別を選んでください（わからなければ「不明」）。"));
            }
            if (r.PrefectureCode is { } code && Prefectures.Name(code) is null)
            {
                errors.Add(new DraftError(r.ResidentId, "prefecture", "都道府県を選び直してください。"));
            }
            if (r.WhereaboutsType is { } t && t is not (WhereaboutsType.Unknown or WhereaboutsType.Abroad) && r.PrefectureCode is null)
            {
                errors.Add(new DraftError(r.ResidentId, "prefecture", "避難先の都道府県を選んでください。"));
            }
            if (r.WhereaboutsType == WhereaboutsType.Abroad && r.PrefectureCode is { } p && p != Prefectures.Abroad)
            {
                errors.Add(new DraftError(r.ResidentId, "prefecture", "海外の場合、都道府県は「海外」にしてください。"));
            }
            Length(errors, r.ResidentId, "municipality", "市区町村", r.Municipality, 50);
            Length(errors, r.ResidentId, "place", "避難先・住所", r.Place, 200);
            Length(errors, r.ResidentId, "note", "メモ", r.Note, 2000);
            Phone(errors, r.ResidentId, "contactPhone", "連絡先", r.ContactPhone);
        }
        return errors;
    }

    /// <summary>
    /// When the call started, as stored: the form's start (UTC) when it is not after <paramref name="savedAt"/> and not
    /// more than <see cref="LongestCall"/> before it; otherwise (a wrong clock, a form left open) the save time.
    /// </summary>
    public static DateTime CallStart(DateTime? startedAt, DateTime savedAt)
    {
        if (startedAt is not { } start)
        {
            return savedAt;
        }
        var utc = start.Kind == DateTimeKind.Local ? start.ToUniversalTime() : DateTime.SpecifyKind(start, DateTimeKind.Utc);
        return utc <= savedAt && savedAt - utc <= LongestCall ? utc : savedAt;
    }

    private const string CurrentVersionSql = """
        SELECT Version, FamilyName, GivenName, MergedIntoResidentId
          FROM Residents
         WHERE ResidentId = @ResidentId
        """;

    private const string LinkResidentSql = """
        INSERT INTO CallResidents (CallId, ResidentId)
             VALUES (@CallId, @ResidentId)
        """;

    private const string NewestReportSql = $"""
          SELECT ReportId, ResidentId, CallId, Status, Source, WhereaboutsType, PrefectureCode, Municipality, Place,
                 ContactPhone, ConsentRelatives, ConsentAcquaintances, ConsentPublic, ReporterName, ReporterRelation,
                 OperatorUserId, ReportedAt, RecordedAt, Note
            FROM SafetyReports
           WHERE ResidentId = @ResidentId
        ORDER BY ReportedAt DESC, ReportId DESC
        {"{page}"}
        """;

    /// <summary>Validates and saves; see <see cref="CallSaveResult"/>.</summary>
    public async Task<CallSaveResult> SaveAsync(CallDraft draft, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var errors = Validate(draft);
        var today = JapanTime.Today(time);
        if (draft.Intention is { } intention)
        {
            errors = [.. errors, .. Intentions.IntentionAnswers.Validate(intention.ForCall(null, today), today).Select(e => new DraftError(null, "intention." + e.Field, e.Message))];
        }
        errors = [.. errors, .. Mailing.MailingAddressRecorder.Validate(draft.Mailing, today)];
        if (errors.Count > 0)
        {
            return new CallSaveResult(null, errors, []);
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        var (connection, transaction, now) = (write.Connection, write.Transaction, write.Now);

        var newer = new List<NewerReport>();
        foreach (var r in draft.Reports)
        {
            var current = await connection.QuerySingleOrDefaultAsync<(int Version, string FamilyName, string GivenName, int? MergedInto)>(
                new CommandDefinition(CurrentVersionSql, new { r.ResidentId }, transaction, cancellationToken: cancellationToken));
            if (current.FamilyName is null)
            {
                return new CallSaveResult(null, [new DraftError(r.ResidentId, "resident", "この人は見つかりません。画面を開き直してください。")], []);
            }
            if (current.MergedInto is not null)
            {
                return new CallSaveResult(null, [new DraftError(r.ResidentId, "resident", "この仮登録者は住民に統合されました。統合先の画面から記録してください。")], []);
            }
            if (current.Version != r.ExpectedVersion && !draft.AcceptNewerReports)
            {
                var newest = await connection.QueryFirstOrDefaultAsync<SafetyReport>(new CommandDefinition(
                    connections.Dialect.Render(NewestReportSql), new { r.ResidentId, Skip = 0, Take = 1 }, transaction, cancellationToken: cancellationToken));
                newer.Add(new NewerReport(r.ResidentId, $"{current.FamilyName}　{current.GivenName}", current.Version, newest));
            }
        }
        if (newer.Count > 0)
        {
            await write.RollbackAsync();
            return new CallSaveResult(null, [], newer);
        }

        // The code is checked where it is stored: a supervisor may have retired it while the form was open.
        var code = draft.WrapUpCodeId is { } codeId ? await WrapUpCodes.FindAsync(connection, transaction, codeId, cancellationToken) : null;
        if (draft.WrapUpCodeId is not null && code is not { IsActive: true })
        {
            return new CallSaveResult(null, [new DraftError(null, "wrapUpCode", code is null
                ? "選んだ要件は見つかりません。要件を選び直してください。"
                : $"要件「{code.Label}」は使われなくなりました。要件を選び直してください。")], []);
        }

        var callId = await CallRepository.InsertAsync(connection, transaction, connections.Dialect, new NewCall(
            draft.Direction, Trim(draft.CallerName), PhoneNumbers.Display(draft.CallerPhone), Trim(draft.CallerRelation),
            by.UserId, by.Site, CallStart(draft.StartedAt, now), now, Trim(draft.Note), draft.WrapUpCodeId), cancellationToken);
        await write.AuditAsync(AuditActions.RecordCall, "call", callId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            details: AuditDetails(draft.Direction, code?.Label, draft.Reports.Count));
        var policy = approval ?? Approvals.ApprovalPolicy.Default;
        await using (var appender = new ReportRepository.Appender(connection, transaction, connections.Dialect, approval))
        {
            foreach (var r in draft.Reports)
            {
                await connection.ExecuteAsync(new CommandDefinition(LinkResidentSql, new { CallId = callId, r.ResidentId }, transaction, cancellationToken: cancellationToken));
                var whereabouts = r.WhereaboutsType is { } type
                    ? new Whereabouts(type, type == WhereaboutsType.Abroad ? Prefectures.Abroad : r.PrefectureCode, Trim(r.Municipality), Trim(r.Place), PhoneNumbers.Display(r.ContactPhone))
                    : null;
                var reportId = await appender.AppendAsync(new NewSafetyReport(
                    r.ResidentId, r.Status, r.Source, whereabouts, r.Consent, Trim(draft.CallerName), Trim(draft.CallerRelation),
                    by.UserId, now, Trim(r.Note), callId), now, cancellationToken);
                await write.AuditAsync(AuditActions.RecordReport, "report", reportId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    r.ResidentId, Audit.AuditDetails.Join($"安否 {r.Status.Label()}", Audit.AuditDetails.Labelled("避難先", r.WhereaboutsType?.Label()),
                        $"通話 #{callId}", policy.Requires(r.Status) ? "承認待ち" : null));
            }
        }
        if ((await Requests.RequestRecorder.AppendAsync(write, connections.Dialect, draft.Requests, callId, cancellationToken)).Errors is { Count: > 0 } refusedRequests)
        {
            return new CallSaveResult(null, refusedRequests, []);
        }
        if (draft.Intention is { } answer
            && await Intentions.IntentionAnswers.AppendAsync(write, connections.Dialect, answer.ForCall(callId, today), cancellationToken) is { } refused)
        {
            return new CallSaveResult(null, [new DraftError(null, "intention." + refused.Field, refused.Message)], []);
        }
        if (await Announcements.AnnouncementDeliveries.AppendForCallAsync(write, [.. draft.Reports.Select(r => r.ResidentId)], draft.ToldAnnouncements, callId,
                cancellationToken) is { } refusedTold)
        {
            return new CallSaveResult(null, [new DraftError(null, "announcements", refusedTold)], []);
        }
        if ((await Mailing.MailingAddressRecorder.AppendAsync(write, connections.Dialect, draft.Mailing, Mailing.MailingSource.Call, callId, cancellationToken)).Errors is { Count: > 0 } refusedMailing)
        {
            return new CallSaveResult(null, refusedMailing, []);
        }
        await write.CommitAsync();
        return new CallSaveResult(callId, [], []);
    }

    /// <summary>The record-call audit row's details: 「着信・要件 安否報告・2人」, 「発信・要件なし・1人」.</summary>
    public static string AuditDetails(CallDirection direction, string? wrapUpLabel, int persons) =>
        $"{(direction == CallDirection.Inbound ? "着信" : "発信")}・{(wrapUpLabel is null ? "要件なし" : $"要件 {wrapUpLabel}")}・{persons}人";

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Length(List<DraftError> errors, int? residentId, string field, string label, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(new DraftError(residentId, field, $"{label}は{max}文字以内にしてください。"));
        }
        Safe(errors, residentId, field, label, value);
    }

    private static void Safe(List<DraftError> errors, int? residentId, string field, string label, string? value)
    {
        if (TextSafety.FieldProblem(label, value) is { } problem)
        {
            errors.Add(new DraftError(residentId, field, problem));
        }
    }

    private static void Phone(List<DraftError> errors, int? residentId, string field, string label, string? value)
    {
        Safe(errors, residentId, field, label, value);
        if (!string.IsNullOrWhiteSpace(value) && PhoneNumbers.Key(value) is not { Length: >= 6 and <= 15 })
        {
            errors.Add(new DraftError(residentId, field, $"{label}を電話番号として読めません（{value.Trim()}）。"));
        }
    }
}
