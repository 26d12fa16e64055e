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
        var random = new Random(17);
        var work = new RequestWork(Connections, clock);
        var people = new[] { "K0001", "K0002", "K0003", "K0004", "K0005", null };
        var ids = new List<long>();
        for (var step = 0; step < 80; step++)
        {
            var roll = random.Next(10);
            if (roll < 4 || ids.Count == 0)
            {
                var person = people[random.Next(people.Length)];
                var household = person is null && random.Next(2) == 0 ? "KH02" : "KH01";
                ids.Add(await AddAsync(Connections, household, household == "KH02" ? null : person, 1 + random.Next(12), 1 + random.Next(6),
                    random.Next(3) == 0, "相談", clock.Now.UtcDateTime.AddDays(-random.Next(400)).AddHours(random.Next(24))));
            }
            else if (roll < 8)
            {
                var id = ids[random.Next(ids.Count)];
                await using var connection = await Connections.OpenAsync();
                var (status, version) = await connection.QuerySingleAsync<(int, int)>("SELECT Status, Version FROM Requests WHERE RequestId = @id", new { id });
                var next = RequestWork.NextSteps((RequestStatus)status);
                if (next.Count > 0)
                {
                    var to = next[random.Next(next.Count)];
                    var result = await work.MoveAsync(new RequestMove(id, version, to, to == RequestStatus.Routed ? 1 + random.Next(6) : null, "理由"), all, supervisor);
                    Assert.True(result.Succeeded || result.Error!.StartsWith("すでに", StringComparison.Ordinal), result.Error);
                }
            }
            else
            {
                var who = people[random.Next(5)]!;
                await using var connection = await Connections.OpenAsync();
                await connection.ExecuteAsync("UPDATE Residents SET PrefectureCode = @Code, District = @District WHERE ResidentNo = @who",
                    new { Code = random.Next(4) == 0 ? (byte?)null : (byte)(1 + random.Next(47)), District = random.Next(2) == 0 ? "浜区" : "山区", who });
            }
        }

        var expected = await ExpectedTalliesAsync(Connections);
        Assert.Equal(expected, Flatten(await new RequestSummary(Connections).LoadAsync()));
        Assert.Equal(expected, Flatten(await new RequestSummary(Connections).FreshAsync()));
    }
}

public sealed class RequestSummaryTestsOnSqlite : RequestSummaryTests<OnSqlite>;

public sealed class RequestSummaryTestsOnSqlServer : RequestSummaryTests<OnSqlServer>;
