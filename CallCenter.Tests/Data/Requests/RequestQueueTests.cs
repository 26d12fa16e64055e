using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using static CallCenter.Tests.Data.Requests.RequestTestData;

namespace CallCenter.Tests.Data.Requests;

public abstract class RequestQueueTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    // 2026-03-20 10:00 in Japan.
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 20, 1, 0, 0, TimeSpan.Zero));
    private OperatorContext clerk = null!;
    private RequestScope clerkScope = null!;
    private readonly RequestScope all = new(true, null, null);

    private RequestQueue Queue => new(Connections, new AuditRepository(Connections, clock), clock, RequestOverdue.Default);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        clerk = await CallTestData.StaffAsync(Connections, clock, "kenko", "健康 花子", UserRole.Operator, "会津若松");
        await SetDepartmentAsync(Connections, clerk.UserId!.Value, HealthAndCare);
        clerkScope = await new RequestWork(Connections, clock).ScopeAsync(clerk.UserId, UserRole.Operator);
    }

    private DateTime DaysAgo(double days) => clock.Now.UtcDateTime.AddDays(-days);

    [SkippableFact]
    public async Task AClerk_SeesOnlyTheirDepartment_TheOpenCount_And_TheOverdueMark()
    {
        var urgentOld = await AddAsync(Connections, "KH01", "K0001", 5, HealthAndCare, true, "介護ベッド", DaysAgo(3));
        var urgentNew = await AddAsync(Connections, "KH01", "K0002", 4, HealthAndCare, true, "通院の足", DaysAgo(1));
        var normalOld = await AddAsync(Connections, "KH01", null, 1, HealthAndCare, false, "仮設住宅の入居", DaysAgo(15));
        await AddAsync(Connections, "KH02", "K0101", 6, 3, false, "固定資産税", DaysAgo(20));

        var page = await Queue.PageAsync(new RequestFilter(), clerkScope, TownScope.All, 0, clerk);

        Assert.Equal([normalOld, urgentOld, urgentNew], page.Items.Select(i => i.RequestId));
        Assert.Equal([true, true, false], page.Items.Select(i => i.IsOverdue));
        Assert.Equal("佐藤　正男", page.Items[0].PersonName); // the household request shows its head
        Assert.Equal((3, 4), (await Queue.OpenCountAsync(clerkScope, TownScope.All), await Queue.OpenCountAsync(all, TownScope.All)));
        Assert.Equal([normalOld, urgentOld], (await Queue.PageAsync(new RequestFilter { OverdueOnly = true }, clerkScope, TownScope.All, 0, clerk)).Items.Select(i => i.RequestId));
        var audit = Assert.Single(await new AuditRepository(Connections, clock).RecentAsync(5), a => a.Action == AuditActions.ViewList
            && a.Details!.Contains("期限超過", StringComparison.Ordinal));
        Assert.Equal("要望一覧・未完了・担当課 健康介護課・期限超過のみ・1〜2件目／全2件", audit.Details);
    }

    [SkippableFact]
    public async Task AnOperatorWithoutDepartment_SeesNothing_And_ReadsNothing()
    {
        await AddAsync(Connections, "KH01", "K0001", 5, HealthAndCare, true, "介護ベッド", DaysAgo(1));
        var none = new RequestScope(false, null, null);

        Assert.Empty((await Queue.PageAsync(new RequestFilter(), none, TownScope.All, 0, clerk)).Items);
        Assert.Equal(0, await Queue.OpenCountAsync(none, TownScope.All));
        Assert.Null(await Queue.DetailAsync(1, none, TownScope.All, clerk));
    }

    [SkippableFact]
    public async Task Filters_NarrowByStatusCategoryUrgencyDistrictAgeBandAndPeriod()
    {
        var head = await AddAsync(Connections, "KH01", "K0001", 5, HealthAndCare, true, "介護ベッド", DaysAgo(1)); // 78: 70代, 浜区
        var son = await AddAsync(Connections, "KH01", "K0003", 2, HealthAndCare, false, "仕事の紹介", DaysAgo(10)); // 51: 50代
        var neighbour = await AddAsync(Connections, "KH02", "K0101", 2, HealthAndCare, false, "仕事の紹介", DaysAgo(40)); // 66: 60代, 山区
        await new RequestWork(Connections, clock).MoveAsync(new RequestMove(son, 0, RequestStatus.InProgress, null, null), all, TownScope.All, clerk);
        await new RequestWork(Connections, clock).MoveAsync(new RequestMove(son, 1, RequestStatus.Done, null, null), all, TownScope.All, clerk);

        async Task<IEnumerable<long>> Ids(RequestFilter filter) => (await Queue.PageAsync(filter, all, TownScope.All, 0, clerk)).Items.Select(i => i.RequestId);

        Assert.Equal([neighbour, head], await Ids(new RequestFilter()));
        Assert.Equal([son], await Ids(new RequestFilter { State = RequestState.Closed }));
        Assert.Equal([neighbour, son, head], await Ids(new RequestFilter { State = RequestState.All }));
        Assert.Equal([son], await Ids(new RequestFilter { Status = RequestStatus.Done }));
        Assert.Equal([neighbour, son], await Ids(new RequestFilter { State = RequestState.All, CategoryId = 2 }));
        Assert.Equal([head], await Ids(new RequestFilter { IsUrgent = true }));
        Assert.Equal([neighbour], await Ids(new RequestFilter { District = "山区" }));
        Assert.Equal([head], await Ids(new RequestFilter { AgeBand = 4 }));
        Assert.Equal([son], await Ids(new RequestFilter { State = RequestState.All, AgeBand = 2 }));
        Assert.Equal([son, head], await Ids(new RequestFilter { State = RequestState.All, From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 20) }));
        Assert.Equal([neighbour, head], await Ids(new RequestFilter { DepartmentId = HealthAndCare }));
        Assert.Empty(await Ids(new RequestFilter { DepartmentId = 3 }));
    }

    [SkippableFact]
    public async Task Paging_ShowsFiftyAPage_AndClampsBeyondTheLast()
    {
        for (var i = 0; i < 53; i++)
        {
            await AddAsync(Connections, "KH01", "K0001", 1 + i % 12, HealthAndCare, i % 2 == 0, $"相談 {i}", DaysAgo(60 - i));
        }

        var first = await Queue.PageAsync(new RequestFilter(), clerkScope, TownScope.All, 0, clerk);
        var second = await Queue.PageAsync(new RequestFilter(), clerkScope, TownScope.All, 1, clerk);
        var beyond = await Queue.PageAsync(new RequestFilter(), clerkScope, TownScope.All, 9, clerk);

        Assert.Equal((50, 53, 2), (first.Items.Count, first.Total, first.PageCount));
        Assert.Equal(["相談 50", "相談 51", "相談 52"], second.Items.Select(i => i.Body));
        Assert.Equal((1, 3), (beyond.PageIndex, beyond.Items.Count));
        Assert.Empty(first.Items.Select(i => i.RequestId).Intersect(second.Items.Select(i => i.RequestId)));
    }

    [SkippableFact]
    public async Task Detail_ShowsThePersonAndEveryStep_InScope_AndIsAuditedOnce()
    {
        var id = await AddAsync(Connections, "KH01", "K0003", 2, HealthAndCare, false, "仕事の紹介", DaysAgo(2));
        await new RequestWork(Connections, clock).MoveAsync(new RequestMove(id, 0, RequestStatus.Routed, 6, "復興推進課の事業"), clerkScope, TownScope.All, clerk);

        Assert.Null(await Queue.DetailAsync(id, clerkScope, TownScope.All, clerk)); // routed away: no longer the clerk's
        var detail = await Queue.DetailAsync(id, all, TownScope.All, clerk);

        Assert.NotNull(detail);
        Assert.Equal(("K0003", "佐藤　浩二", "復興推進課", 1), (detail.ResidentNo, detail.Request.PersonName, detail.Request.DepartmentName, detail.Version));
        Assert.Equal([(RequestStatus.Received, "健康介護課", null), (RequestStatus.Routed, "復興推進課", "健康 花子")],
            detail.Steps.Select(s => (s.Status, s.DepartmentName, s.UserName)));
        var audit = Assert.Single(await new AuditRepository(Connections, clock).RecentAsync(10), a => a.Action == RequestAuditActions.ViewRequest);
        Assert.Equal($"受付番号 {id}・佐藤　浩二", audit.Details);
    }
}

public sealed class RequestQueueTestsOnSqlite : RequestQueueTests<OnSqlite>;

public sealed class RequestQueueTestsOnSqlServer : RequestQueueTests<OnSqlServer>;
