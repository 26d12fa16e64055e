using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Intentions;

/// <summary>
/// Recording answers: the latest by answer date counts (a later recording wins a tie), earlier ones stay in the history,
/// bad answers are refused with Japanese messages and write nothing, and a call's answer commits with the call or not at all.
/// </summary>
public abstract class IntentionAnswersTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 2026-03-14 10:30 in Japan.
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext op = null!;
    private int round;
    private int kh01;

    private IntentionAnswers Answers => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        op = await CallTestData.StaffAsync(Connections, clock, "op-aizu", "会津 一子", UserRole.Operator, "会津若松");
        var rounds = new SurveyRounds(Connections, clock);
        Assert.Null(await rounds.CreateAsync("2026年度", op));
        round = (await rounds.CurrentAsync())!.RoundId;
        kh01 = await IntentionTestData.HouseholdIdAsync(Connections, "KH01");
    }

    private IntentionAnswerDraft Answer(int day, ReturnIntention intention, AnswerChannel channel = AnswerChannel.Post) =>
        new(round, kh01, new DateOnly(2026, 3, day), intention, Channel: channel);

    private async Task RecordAsync(IntentionAnswerDraft answer) => Assert.Empty(await Answers.RecordAsync(answer, op));

    private Task<IReadOnlyList<(string HouseholdNo, string AnsweredOn, int Intention)>> CountingAsync() =>
        IntentionTestData.CountingAsync(Connections, "2026年度");

    [SkippableFact]
    public async Task TheLatestAnswerByDate_Counts_And_AnEarlierOne_StaysHistory()
    {
        await RecordAsync(Answer(5, ReturnIntention.Undecided));
        Assert.Equal([("KH01", "2026-03-05", 2)], await CountingAsync());

        await RecordAsync(Answer(10, ReturnIntention.WillNotReturn));
        Assert.Equal([("KH01", "2026-03-10", 3)], await CountingAsync());

        // Recorded later but answered earlier (a slow postal return): history only.
        await RecordAsync(Answer(7, ReturnIntention.WantsToReturn));
        Assert.Equal([("KH01", "2026-03-10", 3)], await CountingAsync());

        var history = await Answers.HistoryAsync(kh01);
        Assert.Equal([(ReturnIntention.WillNotReturn, true), (ReturnIntention.WantsToReturn, false), (ReturnIntention.Undecided, false)],
            history.Select(a => (a.Intention, a.Counts)));
        Assert.Equal("2026年度: 戻らないと決めている（2026/03/10 郵送）", history[0].Summary);
    }

    [SkippableFact]
    public async Task OnTheSameDate_TheLaterRecording_Counts()
    {
        await RecordAsync(Answer(5, ReturnIntention.Undecided));
        await RecordAsync(Answer(5, ReturnIntention.AlreadyBack, AnswerChannel.Counter));

        Assert.Equal([("KH01", "2026-03-05", 4)], await CountingAsync());
        Assert.Equal(AnswerChannel.Counter, (await Answers.HistoryAsync(kh01))[0].Channel);
    }

    [SkippableFact]
    public async Task History_KeepsRoundsApart_NewestRoundFirst()
    {
        await RecordAsync(Answer(5, ReturnIntention.Undecided));
        var rounds = new SurveyRounds(Connections, clock);
        Assert.Null(await rounds.CreateAsync("2026年度 追加", op));
        var second = (await rounds.CurrentAsync())!.RoundId;
        Assert.Empty(await Answers.RecordAsync(Answer(1, ReturnIntention.WantsToReturn) with { RoundId = second }, op));

        var history = await Answers.HistoryAsync(kh01);
        Assert.Equal([("2026年度 追加", true), ("2026年度", true)], history.Select(a => (a.RoundName, a.Counts)));
    }

    [SkippableFact]
    public async Task Record_WritesAJapaneseAuditRow()
    {
        await RecordAsync(Answer(5, ReturnIntention.Undecided));
        await RecordAsync(Answer(4, ReturnIntention.WantsToReturn));

        await using var connection = await Connections.OpenAsync();
        var details = (await connection.QueryAsync<string>("SELECT Details FROM AuditLog WHERE Action = @A ORDER BY AuditId", new { A = AuditActions.RecordIntention })).ToList();
        Assert.Equal(2, details.Count);
        Assert.StartsWith("回答ラウンド 2026年度・帰還意向 まだ判断がつかない・回答日 2026/03/05・郵送・回答 #", details[0]);
        Assert.Contains("・より新しい回答があるため履歴のみ・", details[1]);
    }

    public static TheoryData<string, string> BadAnswers => new()
    {
        { "intention", "帰還意向を選んでください。" },
        { "reasons", "戻らない理由は、帰還意向が「戻らないと決めている」のときだけ選べます。" },
        { "needs", "判断に必要なことを選び直してください。" },
        { "future", "回答日が未来の日付です（2026/03/15）。" },
        { "respondent", "回答者は50文字以内にしてください。" },
        { "unsafe", "回答者に使用できない制御文字 U+202E が含まれています。削除してから保存してください。" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadAnswers))]
    public async Task Record_RefusesABadAnswer_And_WritesNothing(string kind, string message)
    {
        var good = Answer(5, ReturnIntention.WantsToReturn);
        var bad = kind switch
        {
            "intention" => good with { Intention = null },
            "reasons" => good with { Reasons = NotReturningReasons.Radiation },
            "needs" => good with { Needs = (IntentionNeeds)256 },
            "future" => good with { AnsweredOn = new DateOnly(2026, 3, 15) },
            "respondent" => good with { Respondent = new string('佐', 51) },
            _ => good with { Respondent = "佐藤\u202E" },
        };

        var errors = await Answers.RecordAsync(bad, op);

        Assert.Equal(message, Assert.Single(errors).Message);
        Assert.Equal(0, await IntentionTestData.CountAsync(Connections, "SELECT COUNT(*) FROM IntentionAnswers"));
        Assert.Equal(0, await IntentionTestData.CountAsync(Connections, "SELECT COUNT(*) FROM HouseholdIntentions"));
    }

    [SkippableFact]
    public async Task Record_IntoAClosedRound_IsRefused()
    {
        Assert.Null(await new SurveyRounds(Connections, clock).SetClosedAsync(round, true, op));

        var errors = await Answers.RecordAsync(Answer(5, ReturnIntention.WantsToReturn), op);

        Assert.Equal("回答ラウンド「2026年度」は締め切られています。", Assert.Single(errors).Message);
        Assert.Equal(0, await IntentionTestData.CountAsync(Connections, "SELECT COUNT(*) FROM IntentionAnswers"));
    }

    [SkippableFact]
    public async Task CallSave_WritesTheAnswer_WithTheCall_OnThePhone_Today()
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        var draft = CallTestData.Draft(CallTestData.Report(head)) with
        {
            Intention = new IntentionDraft(round, kh01, ReturnIntention.WillNotReturn, IntentionNeeds.Jobs,
                NotReturningReasons.SettledElsewhere | NotReturningReasons.Work, HousingWish.Rental, "佐藤 浩二"),
        };

        var result = await new CallRecordingService(Connections, clock).SaveAsync(draft, op);

        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
        var answer = Assert.Single(await Answers.HistoryAsync(kh01));
        Assert.Equal((result.CallId, AnswerChannel.Phone, new DateOnly(2026, 3, 14), "佐藤 浩二", true),
            (answer.CallId, answer.Channel, answer.AnsweredOn, answer.Respondent, answer.Counts));
        Assert.Equal(NotReturningReasons.SettledElsewhere | NotReturningReasons.Work, answer.Reasons);
        Assert.Equal(IntentionNeeds.Jobs, answer.Needs);
        Assert.Equal(HousingWish.Rental, answer.Housing);
    }

    [SkippableFact]
    public async Task CallSave_RefusesABadAnswer_And_WritesNoCall()
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Intention = new IntentionDraft(round, kh01, null) };

        var result = await new CallRecordingService(Connections, clock).SaveAsync(draft, op);

        Assert.False(result.Saved);
        Assert.Equal(("intention.intention", "帰還意向を選んでください。"), (result.Errors.Single().Field, result.Errors.Single().Message));
        Assert.Equal(0, await IntentionTestData.CountAsync(Connections, "SELECT COUNT(*) FROM Calls"));
    }

    [SkippableFact]
    public async Task CallSave_RollsBackTheCall_When_TheRoundClosedMeanwhile()
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        var draft = CallTestData.Draft(CallTestData.Report(head)) with { Intention = new IntentionDraft(round, kh01, ReturnIntention.WantsToReturn) };
        Assert.Null(await new SurveyRounds(Connections, clock).SetClosedAsync(round, true, op));

        var result = await new CallRecordingService(Connections, clock).SaveAsync(draft, op);

        Assert.Equal("回答ラウンド「2026年度」は締め切られています。", Assert.Single(result.Errors).Message);
        Assert.Equal(0, await IntentionTestData.CountAsync(Connections, "SELECT COUNT(*) FROM Calls"));
        Assert.Equal(0, await IntentionTestData.CountAsync(Connections, "SELECT COUNT(*) FROM SafetyReports"));
        Assert.Equal(0, await IntentionTestData.CountAsync(Connections, "SELECT COUNT(*) FROM IntentionAnswers"));
    }

    [SkippableFact]
    public async Task CallSave_WithoutAnAnswer_WritesNone()
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        Assert.True((await new CallRecordingService(Connections, clock).SaveAsync(CallTestData.Draft(CallTestData.Report(head)), op)).Saved);
        Assert.Equal(0, await IntentionTestData.CountAsync(Connections, "SELECT COUNT(*) FROM IntentionAnswers"));
    }
}

public sealed class IntentionAnswersTestsOnSqlite : IntentionAnswersTests<OnSqlite>;

public sealed class IntentionAnswersTestsOnSqlServer : IntentionAnswersTests<OnSqlServer>;
