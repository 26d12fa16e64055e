using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Intentions;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Intentions;

/// <summary>Rounds of the intention survey: created by name, closed and reopened, the current one the newest open, each change audited in Japanese.</summary>
public abstract class SurveyRoundsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext supervisor = null!;

    private SurveyRounds Rounds => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv-aizu", "会津 監督", UserRole.Supervisor, "会津若松");
    }

    private async Task<IReadOnlyList<string?>> AuditDetailsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        return [.. await connection.QueryAsync<string?>("SELECT Details FROM AuditLog WHERE Action = @Action ORDER BY AuditId",
            new { Action = AuditActions.EditSurveyRounds })];
    }

    [SkippableFact]
    public async Task Create_TrimsTheName_MakesItCurrent_And_Audits()
    {
        Assert.Null(await Rounds.CurrentAsync());

        Assert.Null(await Rounds.CreateAsync("  2026年度 ", supervisor));

        var current = await Rounds.CurrentAsync();
        Assert.Equal("2026年度", current?.Name);
        Assert.True(current!.IsOpen);
        Assert.Equal(["回答ラウンド「2026年度」を作成"], await AuditDetailsAsync());
    }

    public static TheoryData<string, string> BadNames => new()
    {
        { "", "回答ラウンドの名前を入力してください。" },
        { "  ", "回答ラウンドの名前を入力してください。" },
        { new string('年', 31), "回答ラウンドの名前は30文字以内にしてください。" },
        { "2026年度\u202E", "回答ラウンドの名前に使用できない制御文字 U+202E が含まれています。削除してから保存してください。" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadNames))]
    public async Task Create_RefusesABadName_And_WritesNothing(string name, string message)
    {
        Assert.Equal(message, await Rounds.CreateAsync(name, supervisor));
        Assert.Empty(await Rounds.ListAsync());
        Assert.Empty(await AuditDetailsAsync());
    }

    [SkippableFact]
    public async Task Create_RefusesATakenName()
    {
        Assert.Null(await Rounds.CreateAsync("2026年度", supervisor));
        Assert.Equal("回答ラウンド「2026年度」は既にあります。別の名前にしてください。", await Rounds.CreateAsync(" 2026年度", supervisor));
        Assert.Single(await Rounds.ListAsync());
    }

    [SkippableFact]
    public async Task Current_IsTheNewestOpenRound_And_CloseReopenMoveIt()
    {
        Assert.Null(await Rounds.CreateAsync("2025年度", supervisor));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Null(await Rounds.CreateAsync("2026年度", supervisor));
        var rounds = await Rounds.ListAsync();
        Assert.Equal(["2026年度", "2025年度"], rounds.Select(r => r.Name));
        var newest = rounds[0].RoundId;

        Assert.Null(await Rounds.SetClosedAsync(newest, closed: true, supervisor));
        Assert.Equal("2025年度", (await Rounds.CurrentAsync())?.Name);
        Assert.NotNull((await Rounds.ListAsync())[0].ClosedAt);

        Assert.Null(await Rounds.SetClosedAsync(newest, closed: false, supervisor));
        Assert.Equal("2026年度", (await Rounds.CurrentAsync())?.Name);
        Assert.Equal(["回答ラウンド「2025年度」を作成", "回答ラウンド「2026年度」を作成", "回答ラウンド「2026年度」を締め切り", "回答ラウンド「2026年度」を再開"],
            await AuditDetailsAsync());
    }

    [SkippableFact]
    public async Task SetClosed_OfAMissingRound_IsRefused()
    {
        Assert.Equal("この回答ラウンドは見つかりません。画面を開き直してください。", await Rounds.SetClosedAsync(99, true, supervisor));
    }

    [SkippableFact]
    public async Task List_CountsTheAnsweredHouseholds_PerRound()
    {
        Assert.Null(await Rounds.CreateAsync("2025年度", supervisor));
        Assert.Null(await Rounds.CreateAsync("2026年度", supervisor));
        var rounds = await Rounds.ListAsync();
        var answers = new IntentionAnswers(Connections, clock);
        var kh01 = await IntentionTestData.HouseholdIdAsync(Connections, "KH01");
        var kh02 = await IntentionTestData.HouseholdIdAsync(Connections, "KH02");
        var day = new DateOnly(2026, 3, 1);
        Assert.Empty(await answers.RecordAsync(new(rounds[0].RoundId, kh01, day, ReturnIntention.Undecided), supervisor));
        Assert.Empty(await answers.RecordAsync(new(rounds[0].RoundId, kh01, day.AddDays(1), ReturnIntention.WillNotReturn), supervisor));
        Assert.Empty(await answers.RecordAsync(new(rounds[0].RoundId, kh02, day, ReturnIntention.WantsToReturn), supervisor));
        Assert.Empty(await answers.RecordAsync(new(rounds[1].RoundId, kh02, day, ReturnIntention.WantsToReturn), supervisor));

        Assert.Equal([("2026年度", 2), ("2025年度", 1)], (await Rounds.ListAsync()).Select(r => (r.Name, r.Answered)));
    }
}

public sealed class SurveyRoundsTestsOnSqlite : SurveyRoundsTests<OnSqlite>;

public sealed class SurveyRoundsTestsOnSqlServer : SurveyRoundsTests<OnSqlServer>;
