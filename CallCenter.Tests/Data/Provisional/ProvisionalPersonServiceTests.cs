using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Common;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Tests.Data.Calls;
using Dapper;
using CallCenter.Data.Provisional;

namespace CallCenter.Tests.Data.Provisional;

public abstract class ProvisionalPersonServiceTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private static readonly OperatorContext Supervisor = new(null, "sv-aizu", "会津若松");
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 15, 2, 0, 0, TimeSpan.Zero));

    private ProvisionalPersonService Service => new(Connections, clock);

    private CallRecordingService Calls => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
    }

    private static ProvisionalPersonDraft Newborn(string? birthDate = "令和8年3月1日") =>
        new("佐藤", "大翔", "さとう", "ひろと", birthDate, Sex.Male, "０９０－９８７６－５４３２", "避難所で生まれた孫");

    private async Task<ResidentSummary> CreateAsync(ProvisionalPersonDraft draft)
    {
        var (no, errors) = await Service.CreateAsync(draft, Supervisor);
        Assert.Empty(errors);
        return await CallTestData.ResidentAsync(Connections, no!);
    }

    private async Task RecordAsync(ResidentSummary person, SafetyStatus status, string place)
    {
        var result = await Calls.SaveAsync(CallTestData.Draft(CallTestData.Report(person, status, place: place)), Supervisor);
        Assert.True(result.Saved, string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    [SkippableFact]
    public async Task Create_NumbersThePerson_P_And_SixDigits_And_ParsesWareki()
    {
        var (no, errors) = await Service.CreateAsync(Newborn(), Supervisor);

        Assert.Empty(errors);
        Assert.Matches("^P[0-9]{6}$", no);
        var person = await CallTestData.ResidentAsync(Connections, no!);
        Assert.Equal($"P{person.ResidentId:D6}", no);
        Assert.True(person.IsProvisional);
        Assert.Null(person.HouseholdId);
        Assert.Equal(("サトウ", "ヒロト"), (person.FamilyNameKana, person.GivenNameKana));
        Assert.Equal(new DateOnly(2026, 3, 1), person.BirthDate);
        Assert.Equal("090-9876-5432", person.Phone);
        Assert.Contains(person.ResidentId, (await new ResidentRepository(Connections).ProvisionalAsync(CallCenter.Data.Towns.TownScope.All)).Select(p => p.ResidentId));
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND TargetId = @No", new { Action = AuditActions.CreateProvisional, No = no }));
    }

    [SkippableFact]
    public async Task Create_ReturnsEveryProblem_And_WritesNothing_When_DraftIsInvalid()
    {
        var (no, errors) = await Service.CreateAsync(new ProvisionalPersonDraft(" ", new string('名', 51), "", "Hiroto",
            "平成99年13月1日", Sex.Unknown, "abc", null), Supervisor);

        Assert.Null(no);
        Assert.Contains("氏を入力してください。", errors);
        Assert.Contains("氏（カナ）を入力してください。", errors);
        Assert.Contains("カナにはひらがなかカタカナを入力してください。", errors);
        Assert.Contains(errors, e => e.StartsWith("生年月日: ", StringComparison.Ordinal));
        Assert.Contains("電話番号を読めません（abc）。", errors);
        Assert.Contains("名は50文字以内にしてください。", errors);
        Assert.Empty(await new ResidentRepository(Connections).ProvisionalAsync(CallCenter.Data.Towns.TownScope.All));
    }

    [SkippableFact]
    public async Task Merge_KeepsReports_And_MovesNewerStatus_And_HistoryOfTargetIncludesThem()
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        await RecordAsync(head, SafetyStatus.Injured, "いわき市 避難所");
        clock.Advance(TimeSpan.FromHours(2));
        var provisional = await CreateAsync(Newborn());
        await RecordAsync(provisional, SafetyStatus.Safe, "郡山市 ビッグパレット");

        Assert.Null(await Service.MergeAsync(provisional.ResidentId, head.ResidentId, Supervisor));

        var merged = await CallTestData.ResidentAsync(Connections, provisional.ResidentNo);
        Assert.Equal(head.ResidentId, merged.MergedIntoResidentId);
        Assert.DoesNotContain(provisional.ResidentId, (await new ResidentRepository(Connections).ProvisionalAsync(CallCenter.Data.Towns.TownScope.All)).Select(p => p.ResidentId));
        var target = await CallTestData.ResidentAsync(Connections, "K0001");
        Assert.Equal(SafetyStatus.Safe, target.Status);
        Assert.Equal("郡山市 ビッグパレット", target.Place);
        var history = await new ReportRepository(Connections, clock).HistoryAsync(head.ResidentId);
        Assert.Equal([(provisional.ResidentId, SafetyStatus.Safe), (head.ResidentId, SafetyStatus.Injured)],
            history.Select(r => (r.ResidentId, r.Status)));
        Assert.Equal(2, (await new ResidentRepository(Connections).CallsAsync(head.ResidentId, CallCenter.Data.Towns.TownScope.All)).Count);
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM AuditLog WHERE Action = @Action AND ResidentId = @Id", new { Action = AuditActions.MergeProvisional, Id = head.ResidentId }));
    }

    [SkippableFact]
    public async Task Merge_KeepsTargetStatus_When_TargetsReportIsNewer()
    {
        var provisional = await CreateAsync(Newborn());
        await RecordAsync(provisional, SafetyStatus.Injured, "古い記録");
        clock.Advance(TimeSpan.FromHours(1));
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        await RecordAsync(head, SafetyStatus.Safe, "新しい記録");

        Assert.Null(await Service.MergeAsync(provisional.ResidentId, head.ResidentId, Supervisor));

        var target = await CallTestData.ResidentAsync(Connections, "K0001");
        Assert.Equal((SafetyStatus.Safe, "新しい記録"), (target.Status, target.Place));
        Assert.Equal(2, (await new ReportRepository(Connections, clock).HistoryAsync(head.ResidentId)).Count);
    }

    [SkippableFact]
    public async Task Merge_IsRefused_When_SourceIsNotProvisional_OrAlreadyMerged_OrTheSamePerson_OrTargetIsProvisional()
    {
        var head = await CallTestData.ResidentAsync(Connections, "K0001");
        var wife = await CallTestData.ResidentAsync(Connections, "K0002");
        var first = await CreateAsync(Newborn());
        var second = await CreateAsync(Newborn("2026-03-02"));

        Assert.Equal("統合できるのは仮登録者だけです。", await Service.MergeAsync(wife.ResidentId, head.ResidentId, Supervisor));
        Assert.Equal("同じ人には統合できません。", await Service.MergeAsync(first.ResidentId, first.ResidentId, Supervisor));
        Assert.Equal("統合先には住民登録のある人を選んでください。", await Service.MergeAsync(first.ResidentId, second.ResidentId, Supervisor));
        Assert.Null(await Service.MergeAsync(first.ResidentId, head.ResidentId, Supervisor));
        Assert.Equal("この仮登録者はすでに統合されています。", await Service.MergeAsync(first.ResidentId, wife.ResidentId, Supervisor));

        Assert.Equal(head.ResidentId, (await CallTestData.ResidentAsync(Connections, first.ResidentNo)).MergedIntoResidentId);
        Assert.Null((await CallTestData.ResidentAsync(Connections, second.ResidentNo)).MergedIntoResidentId);
    }
}

public sealed class ProvisionalPersonServiceTestsOnSqlite : ProvisionalPersonServiceTests<OnSqlite>;

public sealed class ProvisionalPersonServiceTestsOnSqlServer : ProvisionalPersonServiceTests<OnSqlServer>;
