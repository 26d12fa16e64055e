using CallCenter.Data.Audit;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Calls;

/// <summary>A call about no registered person (a question, a request, a wrong number), as the operator typed it.</summary>
/// <param name="Direction">着信 or 発信.</param>
/// <param name="CallerName">Who was on the phone, when they said.</param>
/// <param name="CallerPhone">The caller's number as given.</param>
/// <param name="WrapUpCodeId">The wrap-up code (要件); required for an inbound call.</param>
/// <param name="Note">What the call was about.</param>
/// <param name="StartedAt">When the page opened (UTC); the save time when not given.</param>
public sealed record UnregisteredCallDraft(
    CallDirection Direction,
    string? CallerName,
    string? CallerPhone,
    int? WrapUpCodeId,
    string? Note,
    DateTime? StartedAt = null);

/// <summary>
/// Records calls about no registered person: the call row and its audit row in one transaction. Such a call can
/// later be linked to the persons it was about (<see cref="CallLinks"/>).
/// </summary>
public sealed class UnregisteredCalls(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>Checks a draft without the database; returns every problem, in Japanese.</summary>
    public static IReadOnlyList<DraftError> Validate(UnregisteredCallDraft draft)
    {
        var errors = new List<DraftError>();
        if (!Enum.IsDefined(draft.Direction))
        {
            errors.Add(new DraftError(null, "direction", "着信か発信かを選んでください。"));
        }
        if (draft.Direction == CallDirection.Inbound && draft.WrapUpCodeId is null)
        {
            errors.Add(new DraftError(null, "wrapUpCode", "着信の要件を選んでください。"));
        }
        Text(errors, "callerName", "通話相手の氏名", draft.CallerName, 100);
        Text(errors, "note", "通話メモ", draft.Note, 2000);
        if (TextSafety.FieldProblem("通話相手の電話番号", draft.CallerPhone) is { } phoneProblem)
        {
            errors.Add(new DraftError(null, "callerPhone", phoneProblem));
        }
        else if (!string.IsNullOrWhiteSpace(draft.CallerPhone) && PhoneNumbers.Key(draft.CallerPhone) is not { Length: >= 6 and <= 15 })
        {
            errors.Add(new DraftError(null, "callerPhone", $"通話相手の電話番号を電話番号として読めません（{draft.CallerPhone.Trim()}）。"));
        }
        return errors;
    }

    /// <summary>Validates and saves the call with its audit row; nothing is written when anything is wrong.</summary>
    public async Task<CallSaveResult> SaveAsync(UnregisteredCallDraft draft, OperatorContext by, CancellationToken cancellationToken = default)
    {
        var errors = Validate(draft);
        if (errors.Count > 0)
        {
            return new CallSaveResult(null, errors, []);
        }
        await using var write = await AuditedWrite.BeginAsync(connections, time, by, cancellationToken);
        string? label = null;
        if (draft.WrapUpCodeId is { } codeId)
        {
            var code = await WrapUpCodes.FindAsync(write.Connection, write.Transaction, codeId, cancellationToken);
            if (code is not { IsActive: true })
            {
                return new CallSaveResult(null, [new DraftError(null, "wrapUpCode", "この要件は今は使えません。要件を選び直してください。")], []);
            }
            label = code.Label;
        }
        var callId = await CallRepository.InsertAsync(write.Connection, write.Transaction, connections.Dialect, new NewCall(
            draft.Direction, Trim(draft.CallerName), PhoneNumbers.Display(draft.CallerPhone), null, by.UserId, by.Site,
            CallRecordingService.CallStart(draft.StartedAt, write.Now), write.Now, Trim(draft.Note), draft.WrapUpCodeId), cancellationToken);
        var direction = draft.Direction == CallDirection.Inbound ? "着信" : "発信";
        await write.AuditAsync(AuditActions.RecordCall, "call", callId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            details: $"{direction}・要件 {label ?? "なし"}・登録のない方の通話");
        await write.CommitAsync();
        return new CallSaveResult(callId, [], []);
    }

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Text(List<DraftError> errors, string field, string label, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(new DraftError(null, field, $"{label}は{max}文字以内にしてください。"));
        }
        if (TextSafety.FieldProblem(label, value) is { } problem)
        {
            errors.Add(new DraftError(null, field, problem));
        }
    }
}
