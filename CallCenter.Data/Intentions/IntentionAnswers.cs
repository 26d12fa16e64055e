using System.Data.Common;
using System.Globalization;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Database;
using Dapper;

namespace CallCenter.Data.Intentions;

/// <summary>
/// Households' answers to the intention survey: recording one (the answer, then the household's counting answer in
/// the round when it is the latest by answer date, a later recording winning a tie, and the audit row, in one
/// transaction) and reading a household's answers per round.
/// </summary>
public sealed class IntentionAnswers(ConnectionFactory connections, TimeProvider time)
{
    /// <summary>The longest respondent (NVARCHAR(50)).</summary>
    public const int MaxRespondentLength = 50;

    private const int AllNeeds = (1 << 8) - 1;
    private const int AllReasons = (1 << 7) - 1;

    /// <summary>
    /// Checks an answer before anything is written: every problem as (field, Japanese message). Fields: intention,
    /// needs, reasons, housing, respondent, answeredOn, channel.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(IntentionAnswerDraft answer, DateOnly today)
    {
        var errors = new List<(string, string)>();
        if (answer.Intention is not { } intention || !Enum.IsDefined(intention))
        {
            errors.Add(("intention", "帰還意向を選んでください。"));
        }
        if (((int)answer.Needs & ~AllNeeds) != 0)
        {
            errors.Add(("needs", "判断に必要なことを選び直してください。"));
        }
        if (((int)answer.Reasons & ~AllReasons) != 0)
        {
            errors.Add(("reasons", "戻らない理由を選び直してください。"));
        }
        else if (answer.Reasons != NotReturningReasons.None && answer.Intention is not null && answer.Intention != ReturnIntention.WillNotReturn)
        {
            errors.Add(("reasons", "戻らない理由は、帰還意向が「戻らないと決めている」のときだけ選べます。"));
        }
        if (answer.Housing is { } housing && !Enum.IsDefined(housing))
        {
            errors.Add(("housing", "希望する住まいを選び直してください。"));
        }
        if (!Enum.IsDefined(answer.Channel))
        {
            errors.Add(("channel", "回答の経路を選び直してください。"));
        }
        if (answer.AnsweredOn > today)
        {
            errors.Add(("answeredOn", $"回答日が未来の日付です（{JapaneseDates.FormatWestern(answer.AnsweredOn)}）。"));
        }
        if (answer.Respondent is { } respondent && respondent.Trim().Length > MaxRespondentLength)
        {
            errors.Add(("respondent", $"回答者は{MaxRespondentLength}文字以内にしてください。"));
        }
        if (TextSafety.FieldProblem("回答者", answer.Respondent) is { } problem)
        {
            errors.Add(("respondent", problem));
        }
        return errors;
    }

    /// <summary>
    /// Validates and records one answer with its audit row in one transaction. Returns the problems in Japanese
    /// (nothing written), or none.
    /// </summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> RecordAsync(IntentionAnswerDraft answer, OperatorContext by,
        CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var errors = Validate(answer, DateOnly.FromDateTime(JapanTime.FromUtc(now)));
        if (errors.Count > 0)
        {
            return errors;
        }
        await using var write = await AuditedWrite.BeginAsync(connections, now, by, cancellationToken);
        if (await AppendAsync(write, connections.Dialect, answer, cancellationToken) is { } refusal)
        {
            return [refusal];
        }
        await write.CommitAsync();
        return [];
    }

    private const string HouseholdExistsSql = """
        SELECT COUNT(*)
          FROM Households
         WHERE HouseholdId = @HouseholdId
        """;

    /// <summary>
    /// Records a validated answer inside the caller's write (a call's save joins it so): checks the round is open and
    /// the household exists, then appends. Returns the refusal, or null when written.
    /// </summary>
    internal static async Task<(string Field, string Message)?> AppendAsync(AuditedWrite write, SqlDialect dialect, IntentionAnswerDraft answer,
        CancellationToken cancellationToken)
    {
        var round = await SurveyRounds.FindAsync(write.Connection, write.Transaction, answer.RoundId, cancellationToken);
        if (round is null)
        {
            return ("round", "回答ラウンドが見つかりません。画面を開き直してください。");
        }
        if (!round.IsOpen)
        {
            return ("round", $"回答ラウンド「{round.Name}」は締め切られています。");
        }
        if (await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(HouseholdExistsSql, new { answer.HouseholdId }, write.Transaction,
                cancellationToken: cancellationToken)) == 0)
        {
            return ("household", "この世帯は見つかりません。画面を開き直してください。");
        }
        var counting = await CountingDateAsync(write.Connection, write.Transaction, answer.RoundId, answer.HouseholdId, cancellationToken);
        var (answerId, outcome) = await AppendAsync(write.Connection, write.Transaction, dialect, answer, counting, write.Now, write.By.UserId, cancellationToken);
        await write.AuditAsync(AuditActions.RecordIntention, "household", answer.HouseholdId.ToString(CultureInfo.InvariantCulture),
            details: AuditDetails.Join($"回答ラウンド {round.Name}", $"帰還意向 {answer.Intention!.Value.Label()}", $"回答日 {JapaneseDates.FormatWestern(answer.AnsweredOn)}",
                answer.Channel.Label(), answer.CallId is { } callId ? $"通話 #{callId}" : null,
                outcome == IntentionOutcome.HistoryOnly ? "より新しい回答があるため履歴のみ" : null,
                $"回答 #{answerId}"));
        return null;
    }

    private const string CountingDateSql = """
        SELECT AnsweredOn
          FROM HouseholdIntentions
         WHERE RoundId = @RoundId
           AND HouseholdId = @HouseholdId
        """;

    private static async Task<DateOnly?> CountingDateAsync(DbConnection connection, DbTransaction transaction, int roundId, int householdId,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<DateOnly>(new CommandDefinition(CountingDateSql, new { RoundId = roundId, HouseholdId = householdId },
            transaction, cancellationToken: cancellationToken))).Cast<DateOnly?>().FirstOrDefault();

    private const string InsertAnswerSql = """
        INSERT INTO IntentionAnswers (RoundId, HouseholdId, AnsweredOn, Intention, Needs, Reasons, Housing, Respondent, Channel, CallId, RecordedAt, RecordedBy)
             VALUES (@RoundId, @HouseholdId, @AnsweredOn, @Intention, @Needs, @Reasons, @Housing, @Respondent, @Channel, @CallId, @RecordedAt, @RecordedBy);
        {last_id}
        """;

    private const string InsertCountingSql = """
        INSERT INTO HouseholdIntentions (RoundId, HouseholdId, AnswerId, AnsweredOn, Intention)
             VALUES (@RoundId, @HouseholdId, @AnswerId, @AnsweredOn, @Intention)
        """;

    private const string UpdateCountingSql = """
        UPDATE HouseholdIntentions
           SET AnswerId = @AnswerId,
               AnsweredOn = @AnsweredOn,
               Intention = @Intention
         WHERE RoundId = @RoundId
           AND HouseholdId = @HouseholdId
        """;

    /// <summary>The names of the answer insert's parameters, in <see cref="AnswerValues"/>'s order.</summary>
    internal static readonly string[] AnswerParameters =
        ["RoundId", "HouseholdId", "AnsweredOn", "Intention", "Needs", "Reasons", "Housing", "Respondent", "Channel", "CallId", "RecordedAt", "RecordedBy"];

    /// <summary>The names of the counting-answer statements' parameters, in <see cref="CountingValues"/>'s order.</summary>
    internal static readonly string[] CountingParameters = ["RoundId", "HouseholdId", "AnswerId", "AnsweredOn", "Intention"];

    internal static object?[] AnswerValues(IntentionAnswerDraft a, DateTime now, int? userId) =>
        [a.RoundId, a.HouseholdId, a.AnsweredOn, (int)a.Intention!.Value, (int)a.Needs, (int)a.Reasons, a.Housing is { } h ? (int)h : null,
         Trimmed(a.Respondent), (int)a.Channel, a.CallId, now, userId];

    internal static object?[] CountingValues(IntentionAnswerDraft a, long answerId) =>
        [a.RoundId, a.HouseholdId, answerId, a.AnsweredOn, (int)a.Intention!.Value];

    /// <summary>
    /// The statements of an append, prepared once for many answers (the import) or used once (a form): the answer, then
    /// the counting row inserted or updated as the latest-answer rule says.
    /// </summary>
    internal sealed class Appender(DbConnection connection, DbTransaction transaction, SqlDialect dialect) : IAsyncDisposable
    {
        private readonly PreparedCommand insertAnswer = new(connection, transaction, dialect.Render(InsertAnswerSql), AnswerParameters);
        private readonly PreparedCommand insertCounting = new(connection, transaction, InsertCountingSql, CountingParameters);
        private readonly PreparedCommand updateCounting = new(connection, transaction, UpdateCountingSql, CountingParameters);

        /// <summary>
        /// Appends the answer; <paramref name="counting"/> is the household's counting answer date in the round before it
        /// (null: none). The later date counts; on the same date the later recording (this one) counts.
        /// </summary>
        public async Task<(long AnswerId, IntentionOutcome Outcome)> AppendAsync(IntentionAnswerDraft answer, DateOnly? counting, DateTime now, int? userId,
            CancellationToken cancellationToken)
        {
            var answerId = await insertAnswer.Set(AnswerValues(answer, now, userId)).ExecuteScalarInt64Async(cancellationToken);
            var outcome = Outcome(counting, answer.AnsweredOn);
            if (outcome == IntentionOutcome.Answered)
            {
                await insertCounting.Set(CountingValues(answer, answerId)).ExecuteAsync(cancellationToken);
            }
            else if (outcome == IntentionOutcome.Updated)
            {
                await updateCounting.Set(CountingValues(answer, answerId)).ExecuteAsync(cancellationToken);
            }
            return (answerId, outcome);
        }

        public async ValueTask DisposeAsync()
        {
            await insertAnswer.DisposeAsync();
            await insertCounting.DisposeAsync();
            await updateCounting.DisposeAsync();
        }
    }

    /// <summary>The latest-answer rule: what a new answer dated <paramref name="answeredOn"/> does to a counting answer dated <paramref name="counting"/>.</summary>
    public static IntentionOutcome Outcome(DateOnly? counting, DateOnly answeredOn) =>
        counting is not { } current ? IntentionOutcome.Answered
        : answeredOn >= current ? IntentionOutcome.Updated
        : IntentionOutcome.HistoryOnly;

    private static async Task<(long, IntentionOutcome)> AppendAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect,
        IntentionAnswerDraft answer, DateOnly? counting, DateTime now, int? userId, CancellationToken cancellationToken)
    {
        await using var appender = new Appender(connection, transaction, dialect);
        return await appender.AppendAsync(answer, counting, now, userId, cancellationToken);
    }

    private const string HistorySql = """
            SELECT a.AnswerId, a.RoundId, r.Name AS RoundName, a.AnsweredOn, a.Intention, a.Needs, a.Reasons, a.Housing, a.Respondent,
                   a.Channel, a.CallId, a.RecordedAt,
                   CASE WHEN h.AnswerId = a.AnswerId THEN 1 ELSE 0 END AS Counts
              FROM IntentionAnswers a
              JOIN SurveyRounds r ON r.RoundId = a.RoundId
         LEFT JOIN HouseholdIntentions h ON h.RoundId = a.RoundId AND h.HouseholdId = a.HouseholdId
             WHERE a.HouseholdId = @HouseholdId
          ORDER BY a.RoundId DESC, Counts DESC, a.AnsweredOn DESC, a.AnswerId DESC
        """;

    /// <summary>
    /// A household's answers, newest round first; in each round the counting answer first (<see cref="IntentionAnswer.Counts"/>),
    /// then the earlier ones, newest first. Reading them is part of the audited view that shows them.
    /// </summary>
    public async Task<IReadOnlyList<IntentionAnswer>> HistoryAsync(int householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<IntentionAnswer>(new CommandDefinition(HistorySql, new { HouseholdId = householdId },
            cancellationToken: cancellationToken))];
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
