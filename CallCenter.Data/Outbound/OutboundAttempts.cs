using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using CallCenter.Data.Settings;
using Dapper;

namespace CallCenter.Data.Outbound;

/// <summary>
/// Records each dialed number's outcome with its consequences: bad numbers, callbacks, escalation to supervisors
/// (要対応), leaving the queue and giving the household back.
/// </summary>
public sealed class OutboundAttempts(ConnectionFactory connections, SettingsRepository settings, TimeProvider time)
{
    private const string ClaimOfSql = """
        SELECT UserId, ExpiresAt
          FROM OutboundClaims
         WHERE HouseholdId = @HouseholdId
        """;

    private const string InsertAttemptSql = """
        INSERT INTO OutboundAttempts (HouseholdId, Phone, PhoneKey, Outcome, CallbackAt, UserId, Site, AttemptedAt, Note)
             VALUES (@HouseholdId, @Phone, @PhoneKey, @Outcome, @CallbackAt, @UserId, @Site, @Now, @Note)
        """;

    // The attempt just inserted: the write transaction holds the database's write lock, so the newest is ours.
    private const string LastAttemptSql = """
        SELECT MAX(AttemptId)
          FROM OutboundAttempts
         WHERE HouseholdId = @HouseholdId
        """;

    private const string UpdateStateSql = """
        UPDATE OutboundHouseholds
           SET Attempts = Attempts + 1, LastAttemptAt = @Now, LastOutcome = @Outcome, NextAttemptAt = @NextAttemptAt,
               CallbackAt = @CallbackAt, CallbackUserId = @CallbackUserId,
               IsRefused = CASE WHEN @Refused = 1 THEN 1 ELSE IsRefused END, UpdatedAt = @Now
         WHERE HouseholdId = @HouseholdId
        """;

    private const string InsertStateSql = """
        INSERT INTO OutboundHouseholds (HouseholdId, Attempts, LastAttemptAt, LastOutcome, NextAttemptAt, CallbackAt, CallbackUserId,
                                        Escalation, IsRefused, UpdatedAt)
             VALUES (@HouseholdId, 1, @Now, @Outcome, @NextAttemptAt, @CallbackAt, @CallbackUserId, 0, @Refused, @Now)
        """;

    private const string CountTryInQueueSql = """
        UPDATE OutboundQueue
           SET Tries = Tries + 1
         WHERE HouseholdId = @HouseholdId
        """;

    private const string MarkBadSql = """
        INSERT INTO OutboundBadNumbers (HouseholdId, PhoneKey, Outcome, UserId, MarkedAt)
        SELECT @HouseholdId, @PhoneKey, @Outcome, @UserId, @Now
         WHERE NOT EXISTS (SELECT 1 FROM OutboundBadNumbers b WHERE b.HouseholdId = @HouseholdId AND b.PhoneKey = @PhoneKey)
        """;

    private const string HouseholdPhonesSql = """
        SELECT Phone, PhoneKey, ContactPhone, ContactPhoneKey
          FROM Residents
         WHERE HouseholdId = @HouseholdId
           AND MergedIntoResidentId IS NULL
        """;

    private const string BadKeysSql = """
        SELECT PhoneKey
          FROM OutboundBadNumbers
         WHERE HouseholdId = @HouseholdId
        """;

    private const string NoContactCountsSql = """
          SELECT a.PhoneKey, COUNT(*) AS Attempts
            FROM OutboundAttempts a
            JOIN OutboundHouseholds o ON o.HouseholdId = a.HouseholdId
           WHERE a.HouseholdId = @HouseholdId
             AND a.Outcome IN (2, 3, 4)
             AND (o.CountFrom IS NULL OR a.AttemptedAt >= o.CountFrom)
        GROUP BY a.PhoneKey
        """;

    private const string EscalateSql = """
        UPDATE OutboundHouseholds
           SET Escalation = @Escalation, EscalatedAt = @Now, UpdatedAt = @Now
         WHERE HouseholdId = @HouseholdId
        """;

    /// <summary>
    /// Records one dialed number's outcome. 番号違い/不通 mark the number; 拒否 takes the household out of the queue;
    /// 折り返し依頼 schedules it back to this operator at the given time; other outcomes bring it back after the retry
    /// interval. When no usable number is left, or every usable number has K no-answer attempts, the household goes
    /// to the supervisors' list (要対応). Refused if another operator holds the household.
    /// </summary>
    public async Task<AttemptResult> RecordAttemptAsync(int householdId, string? phone, OutboundOutcome outcome, DateTime? callbackAtUtc,
        string? note, OperatorContext by, CancellationToken cancellationToken = default, IReadOnlyList<int>? toldAnnouncements = null)
    {
        if ((TextSafety.FieldProblem("かけた番号", phone) ?? TextSafety.FieldProblem("メモ", note)) is { } unsafeText)
        {
            return AttemptResult.Fail(unsafeText);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var key = PhoneNumbers.Key(phone);
        if (!Enum.IsDefined(outcome))
        {
            return AttemptResult.Fail("結果を選んでください。");
        }
        if (key is not { Length: >= 6 and <= 15 })
        {
            return AttemptResult.Fail("かけた番号を選んでください。");
        }
        if (outcome == OutboundOutcome.CallbackRequested && (callbackAtUtc is not { } cb || cb <= now))
        {
            return AttemptResult.Fail("折り返しの日時を今より後で選んでください。");
        }
        if (note is { Length: > 500 })
        {
            return AttemptResult.Fail("メモは500文字以内にしてください。");
        }
        var rules = await OutboundRules.LoadAsync(settings, cancellationToken);
        await using var write = await AuditedWrite.BeginAsync(connections, now, by, cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var claim = await connection.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(ClaimOfSql, new { HouseholdId = householdId }, transaction, cancellationToken: cancellationToken));
        if (claim is not null && claim.UserId != by.UserId && claim.ExpiresAt > now)
        {
            await write.RollbackAsync();
            return AttemptResult.Fail("この世帯は他のオペレーターが担当しています。");
        }
        var callbackAt = outcome == OutboundOutcome.CallbackRequested ? callbackAtUtc : null;
        var state = new
        {
            HouseholdId = householdId, Phone = PhoneNumbers.Display(phone), PhoneKey = key, Outcome = (int)outcome,
            CallbackAt = callbackAt, CallbackUserId = callbackAt is null ? null : by.UserId, by.UserId, by.Site, Now = now,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            NextAttemptAt = callbackAt ?? now.AddMinutes(rules.RetryMinutes),
            Refused = outcome == OutboundOutcome.Refused ? 1 : 0,
        };
        await connection.ExecuteAsync(new CommandDefinition(InsertAttemptSql, state, transaction, cancellationToken: cancellationToken));
        if (await connection.ExecuteAsync(new CommandDefinition(UpdateStateSql, state, transaction, cancellationToken: cancellationToken)) == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertStateSql, state, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(CountTryInQueueSql, state, transaction, cancellationToken: cancellationToken));
        if (outcome.MarksNumberBad())
        {
            await connection.ExecuteAsync(new CommandDefinition(MarkBadSql, state, transaction, cancellationToken: cancellationToken));
        }

        var escalation = OutboundEscalation.None;
        if (outcome.MarksNumberBad() || outcome.IsNoContact())
        {
            escalation = await EscalationAsync(connection, transaction, householdId, rules.MaxAttempts, cancellationToken);
            if (escalation != OutboundEscalation.None)
            {
                await connection.ExecuteAsync(new CommandDefinition(EscalateSql, new { HouseholdId = householdId, Escalation = (int)escalation, Now = now }, transaction, cancellationToken: cancellationToken));
            }
        }
        var leftQueue = outcome == OutboundOutcome.Refused;
        if (leftQueue)
        {
            await connection.ExecuteAsync(new CommandDefinition(OutboundWorklist.DropFromQueueSql, state, transaction, cancellationToken: cancellationToken));
        }
        // The household stays with the operator while there is more to do on it (another number, the call form).
        var release = leftQueue || escalation != OutboundEscalation.None || outcome == OutboundOutcome.CallbackRequested;
        if (release)
        {
            await connection.ExecuteAsync(new CommandDefinition(OutboundWorklist.ReleaseSql, new { HouseholdId = householdId, by.UserId }, transaction, cancellationToken: cancellationToken));
        }
        await write.AuditAsync(AuditActions.OutboundAttempt, "household", Id(householdId),
            details: AuditDetails.Join($"結果 {outcome.Label()}", AuditDetails.Labelled("番号", state.Phone),
                callbackAt is { } at ? $"折り返し {AuditDetails.Time(at)}" : null,
                escalation != OutboundEscalation.None ? $"要対応「{escalation.Label()}」" : null));
        // 伝達済 ticked on the household card (issue 18): saved with the attempt, or the attempt is refused with it.
        if (toldAnnouncements is { Count: > 0 }
            && await Announcements.AnnouncementDeliveries.AppendAsync(write, householdId, toldAnnouncements, null,
                await connection.ExecuteScalarAsync<long>(new CommandDefinition(LastAttemptSql, state, transaction, cancellationToken: cancellationToken)),
                cancellationToken) is { } refusedTold)
        {
            return AttemptResult.Fail(refusedTold);
        }
        await write.CommitAsync();
        return new AttemptResult(true, null, escalation, leftQueue, release);
    }

    private static async Task<OutboundEscalation> EscalationAsync(DbConnection connection, DbTransaction transaction, int householdId, int maxAttempts, CancellationToken cancellationToken)
    {
        var args = new { HouseholdId = householdId };
        var phones = await connection.QueryAsync<(string? Phone, string? PhoneKey, string? ContactPhone, string? ContactPhoneKey)>(
            new CommandDefinition(HouseholdPhonesSql, args, transaction, cancellationToken: cancellationToken));
        var keys = phones.SelectMany(p => new[] { p.PhoneKey, p.ContactPhoneKey }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var bad = (await connection.QueryAsync<string>(new CommandDefinition(BadKeysSql, args, transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var usable = keys.Where(k => !bad.Contains(k)).ToList();
        if (usable.Count == 0)
        {
            return OutboundEscalation.NoUsableNumber;
        }
        var counts = (await connection.QueryAsync<(string PhoneKey, int Attempts)>(new CommandDefinition(NoContactCountsSql, args, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(c => c.PhoneKey, c => c.Attempts, StringComparer.Ordinal);
        return usable.All(k => counts.GetValueOrDefault(k) >= maxAttempts) ? OutboundEscalation.AttemptsExhausted : OutboundEscalation.None;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed class ClaimRow
    {
        public int UserId { get; init; }
        public DateTime ExpiresAt { get; init; }
    }
}
