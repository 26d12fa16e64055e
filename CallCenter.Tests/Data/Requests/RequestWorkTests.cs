using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using Dapper;
using static CallCenter.Tests.Data.Requests.RequestTestData;

namespace CallCenter.Tests.Data.Requests;

public abstract class RequestWorkTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 14, 1, 30, 0, TimeSpan.Zero));
    private OperatorContext clerk = null!;
    private OperatorContext otherClerk = null!;
    private OperatorContext supervisor = null!;
    private RequestScope clerkScope = null!;
    private RequestScope otherScope = null!;
    private RequestScope supervisorScope = null!;
    private long requestId;

    private RequestWork Work => new(Connections, clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        clerk = await CallTestData.StaffAsync(Connections, clock, "kenko", "健康 花子", UserRole.Operator, "会津若松");
        otherClerk = await CallTestData.StaffAsync(Connections, clock, "zeimu", "税務 太郎", UserRole.Operator, "会津若松");
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv", "監督 三郎", UserRole.Supervisor, "会津若松");
        await SetDepartmentAsync(Connections, clerk.UserId!.Value, HealthAndCare);
        await SetDepartmentAsync(Connections, otherClerk.UserId!.Value, 3);
        clerkScope = await Work.ScopeAsync(clerk.UserId, UserRole.Operator);
        otherScope = await Work.ScopeAsync(otherClerk.UserId, UserRole.Operator);
        supervisorScope = await Work.ScopeAsync(supervisor.UserId, UserRole.Supervisor);
        requestId = await AddAsync(Connections, "KH01", "K0001", 5, HealthAndCare, true, "介護ベッドの手配を相談したい", clock.Now.UtcDateTime.AddHours(-3));
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await Connections.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, new { requestId }))!;
    }

    [SkippableFact]
    public async Task Scope_GivesClerksTheirDepartment_SupervisorsAll_And_OperatorsWithoutOneNothing()
    {
        var plain = await CallTestData.StaffAsync(Connections, clock, "op", "受付 一郎", UserRole.Operator, "いわき");

        Assert.Equal(new RequestScope(false, HealthAndCare, "健康介護課"), clerkScope);
        Assert.True(supervisorScope.SeesAll);
        Assert.True((await Work.ScopeAsync(null, UserRole.Admin)).SeesAll);
        Assert.False((await Work.ScopeAsync(plain.UserId, UserRole.Operator)).SeesAny);
    }

    [SkippableFact]
    public async Task InProgressThenDone_WritesEachStep_TheStatus_TheTimes_AndJapaneseAuditRows()
    {
        var started = await Work.MoveAsync(new RequestMove(requestId, 0, RequestStatus.InProgress, null, "業者に確認中"), clerkScope, TownScope.All, clerk);
        clock.Advance(TimeSpan.FromHours(2));
        var done = await Work.MoveAsync(new RequestMove(requestId, started.Version, RequestStatus.Done, null, "ベッドを手配した"), clerkScope, TownScope.All, clerk);

        Assert.Equal((null, 1), (started.Error, started.Version));
        Assert.Equal((null, 2), (done.Error, done.Version));
        await using var connection = await Connections.OpenAsync();
        var row = await connection.QuerySingleAsync<(int Status, int Version, DateTime UpdatedAt, DateTime? ClosedAt)>(
            "SELECT Status, Version, UpdatedAt, ClosedAt FROM Requests WHERE RequestId = @requestId", new { requestId });
        Assert.Equal((3, 2, clock.Now.UtcDateTime, (DateTime?)clock.Now.UtcDateTime), row);
        var steps = (await connection.QueryAsync<(int Status, string? Note, int? UserId)>(
            "SELECT Status, Note, UserId FROM RequestSteps WHERE RequestId = @requestId ORDER BY StepId", new { requestId })).ToList();
        Assert.Equal([(0, null, null), (2, "業者に確認中", clerk.UserId), (3, "ベッドを手配した", clerk.UserId)], steps);
        var audit = (await new AuditRepository(Connections, clock).RecentAsync(20)).Where(a => a.Action == RequestAuditActions.MoveRequest)
            .Select(a => a.Details).ToList();
        Assert.Contains($"受付番号 {requestId}・受付→対応中・メモ「業者に確認中」", audit);
        Assert.Contains($"受付番号 {requestId}・対応中→完了・メモ「ベッドを手配した」", audit);
    }

    [SkippableFact]
    public async Task Routing_ChangesTheDepartment_And_TheClerkLosesIt_ThenReroutingFromInProgress()
    {
        var routed = await Work.MoveAsync(new RequestMove(requestId, 0, RequestStatus.Routed, 3, "税の減免の相談でした"), clerkScope, TownScope.All, clerk);
        Assert.Null(routed.Error);
        Assert.Equal(3, await ScalarAsync<int>("SELECT DepartmentId FROM Requests WHERE RequestId = @requestId"));
        Assert.Equal(3, await ScalarAsync<int>("SELECT DepartmentId FROM RequestSteps WHERE RequestId = @requestId AND Status = 1"));

        var lost = await Work.MoveAsync(new RequestMove(requestId, 1, RequestStatus.InProgress, null, null), clerkScope, TownScope.All, clerk);
        Assert.Equal("この要望は他の担当課の担当です。", lost.Error);

        var taken = await Work.MoveAsync(new RequestMove(requestId, 1, RequestStatus.InProgress, null, null), otherScope, TownScope.All, otherClerk);
        var back = await Work.MoveAsync(new RequestMove(requestId, 2, RequestStatus.Routed, HealthAndCare, "介護の件が主でした"), otherScope, TownScope.All, otherClerk);
        Assert.Equal((null, null), (taken.Error, back.Error));
        Assert.Equal((HealthAndCare, 1), (await ScalarAsync<int>("SELECT DepartmentId FROM Requests WHERE RequestId = @requestId"),
            await ScalarAsync<int>("SELECT Status FROM Requests WHERE RequestId = @requestId")));
        var audit = (await new AuditRepository(Connections, clock).RecentAsync(20)).Select(a => a.Details);
        Assert.Contains($"受付番号 {requestId}・対応中→回付・回付先 健康介護課・メモ「介護の件が主でした」", audit);
    }

    [SkippableTheory]
    [InlineData(RequestStatus.Done, "「受付」から「完了」にはできません。")]
    [InlineData(RequestStatus.Received, "「受付」から「受付」にはできません。")]
    public async Task MovesOutsideTheLife_AreRefused_And_WriteNothing(RequestStatus to, string message)
    {
        var audits = await ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog");
        var result = await Work.MoveAsync(new RequestMove(requestId, 0, to, null, "メモ"), supervisorScope, TownScope.All, supervisor);

        Assert.Equal(message, result.Error);
        Assert.Equal((0, 1, audits), (await ScalarAsync<int>("SELECT Version FROM Requests WHERE RequestId = @requestId"),
            await ScalarAsync<int>("SELECT COUNT(*) FROM RequestSteps WHERE RequestId = @requestId"),
            await ScalarAsync<int>("SELECT COUNT(*) FROM AuditLog")));
    }

    [SkippableFact]
    public async Task ClosedRequests_MoveNoFurther_And_DeclineNeedsANote()
    {
        await Work.MoveAsync(new RequestMove(requestId, 0, RequestStatus.InProgress, null, null), clerkScope, TownScope.All, clerk);

        var noNote = await Work.MoveAsync(new RequestMove(requestId, 1, RequestStatus.Declined, null, "  "), clerkScope, TownScope.All, clerk);
        Assert.Equal("対応不可にするときはメモに理由を入力してください。", noNote.Error);
        var declined = await Work.MoveAsync(new RequestMove(requestId, 1, RequestStatus.Declined, null, "町の制度の対象外"), clerkScope, TownScope.All, clerk);
        Assert.Null(declined.Error);
        var again = await Work.MoveAsync(new RequestMove(requestId, 2, RequestStatus.InProgress, null, null), supervisorScope, TownScope.All, supervisor);
        Assert.Equal("「対応不可」から「対応中」にはできません。", again.Error);
        Assert.Equal(3, await ScalarAsync<int>("SELECT COUNT(*) FROM RequestSteps WHERE RequestId = @requestId"));
    }

    [SkippableFact]
    public async Task AStaleVersion_IsRefusedWithTheJapaneseMessage_And_OtherRefusalsNameTheProblem()
    {
        Assert.Null((await Work.MoveAsync(new RequestMove(requestId, 0, RequestStatus.InProgress, null, null), supervisorScope, TownScope.All, supervisor)).Error);

        var stale = await Work.MoveAsync(new RequestMove(requestId, 0, RequestStatus.Done, null, null), clerkScope, TownScope.All, clerk);
        Assert.Equal(RequestWork.ConflictMessage, stale.Error);
        Assert.StartsWith("他の職員が先に更新しました", stale.Error, StringComparison.Ordinal);
        Assert.Equal("回付先の担当課を選んでください。",
            (await Work.MoveAsync(new RequestMove(requestId, 1, RequestStatus.Routed, null, null), clerkScope, TownScope.All, clerk)).Error);
        Assert.Equal("すでに健康介護課の担当です。別の担当課を選んでください。",
            (await Work.MoveAsync(new RequestMove(requestId, 1, RequestStatus.Routed, HealthAndCare, null), clerkScope, TownScope.All, clerk)).Error);
        Assert.Equal("受付番号 999 の要望はありません。",
            (await Work.MoveAsync(new RequestMove(999, 0, RequestStatus.InProgress, null, null), clerkScope, TownScope.All, clerk)).Error);
        Assert.Contains("使用できない制御文字",
            (await Work.MoveAsync(new RequestMove(requestId, 1, RequestStatus.Done, null, "済\u202E"), clerkScope, TownScope.All, clerk)).Error, StringComparison.Ordinal);
        Assert.Equal((1, 2), (await ScalarAsync<int>("SELECT Version FROM Requests WHERE RequestId = @requestId"),
            await ScalarAsync<int>("SELECT COUNT(*) FROM RequestSteps WHERE RequestId = @requestId")));
    }
}

public sealed class RequestWorkTestsOnSqlite : RequestWorkTests<OnSqlite>;

public sealed class RequestWorkTestsOnSqlServer : RequestWorkTests<OnSqlServer>;
