using CallCenter.Data.Accounts;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Tests.Data.Calls;
using Dapper;
using static CallCenter.Tests.Data.Requests.RequestTestData;

namespace CallCenter.Tests.Data.Requests;

public abstract class RequestSummaryTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 20, 1, 0, 0, TimeSpan.Zero));
    private readonly RequestScope all = new(true, null, null);
    private OperatorContext supervisor = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv", "監督 三郎", UserRole.Supervisor, "会津若松");
    }

    [SkippableFact]
    public async Task TheSummary_CountsByEachDimension_WithJapaneseLabels()
    {
        // 2026-02-28 16:00 UTC is 2026-03-01 01:00 in Japan: a March request.
        await AddAsync(Connections, "KH01", null, 1, HealthAndCare, false, "仮設住宅", new DateTime(2026, 2, 28, 16, 0, 0));
        await AddAsync(Connections, "KH01", "K0005", 3, HealthAndCare, false, "転校", new DateTime(2026, 2, 10, 0, 0, 0));

        var figures = await new RequestSummary(Connections).LoadAsync();

        Assert.Equal(2, figures.Total);
        Assert.Equal(["住まい・住宅", "教育・子育て"], figures.Of(RequestDimension.Category).Select(t => t.Label));
        Assert.Equal([("〜39", 1), ("70代", 1)], figures.Of(RequestDimension.AgeBand).Select(t => (t.Label, t.Open)));
        Assert.Equal(["2026年2月", "2026年3月"], figures.Of(RequestDimension.Month).Select(t => t.Label));
        Assert.Equal([("浜区", 2)], figures.Of(RequestDimension.District).Select(t => (t.Label, t.Total)));
        Assert.Equal(["不明"], figures.Of(RequestDimension.Prefecture).Select(t => t.Label));
    }

    [SkippableFact]
    public async Task TheSummary_EqualsAFreshGroupBy_AfterRandomInsertsMovesAndResidentsMoving()
    {
        await RandomChangesAsync(Connections, clock, supervisor, new Random(17), 80);

        var expected = await ExpectedTalliesAsync(Connections);
        Assert.Equal(expected, Flatten(await new RequestSummary(Connections).LoadAsync()));
        Assert.Equal(expected, Flatten(await new RequestSummary(Connections).FreshAsync()));
    }
}

public sealed class RequestSummaryTestsOnSqlite : RequestSummaryTests<OnSqlite>;

public sealed class RequestSummaryTestsOnSqlServer : RequestSummaryTests<OnSqlServer>;
