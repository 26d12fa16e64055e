using System.Globalization;
using System.Text;
using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Imports;
using CallCenter.Data.Requests;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using Dapper;

namespace CallCenter.Tests.Data.Requests;

/// <summary>
/// Requests in a joint center (issue 19): two towns whose registers use the same resident and household numbers. The
/// queue, a request's page, the moves, the open count and the summary (unfiltered, filtered, cross tables) are limited
/// to a town scope and equal fresh queries per town; the kept counts (RequestTallies and RequestCube, migration 0025)
/// equal a fresh GROUP BY after every kind of change.
/// </summary>
public abstract class RequestTownsTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 3, 20, 1, 0, 0, TimeSpan.Zero));
    private readonly RequestScope all = new(true, null, null);
    private OperatorContext supervisor = null!;
    private int second;

    // The same numbers as CallTestData.FiveMemberRegister, other people, other districts and birth dates.
    private const string SecondRegister = """
        住民番号,世帯番号,続柄,氏名,氏名カナ,生年月日,性別,行政区,住所,電話番号
        K0001,KH01,世帯主,鈴木 一郎,スズキ イチロウ,1990-04-01,男,川区,大熊町川1-1,
        K0002,KH01,妻,鈴木 花子,スズキ ハナコ,1992-05-05,女,川区,大熊町川1-1,
        K0003,KH01,子,鈴木 次郎,スズキ ジロウ,2015-02-14,男,川区,大熊町川1-1,
        K0004,KH02,世帯主,高橋 三郎,タカハシ サブロウ,1950-11-30,男,野区,大熊町野2-2,
        K0005,KH02,妻,高橋 良子,タカハシ ヨシコ,1952-06-21,女,野区,大熊町野2-2,
        """;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CallTestData.ImportAsync(Connections, CallTestData.FiveMemberRegister);
        await using (var connection = await Connections.OpenAsync())
        {
            // The first town named as Town:Code would at start-up (a town is added only once the first has its code).
            await connection.ExecuteAsync("UPDATE Towns SET Code = '079995', Name = '汐見町' WHERE TownId = 1");
        }
        var added = await new TownRepository(Connections, clock).AddAsync("075451", "大熊町");
        Assert.True(added.Added, added.Message);
        second = added.Town!.TownId;
        await ImportAsync(SecondRegister, second);
        supervisor = await CallTestData.StaffAsync(Connections, clock, "sv", "監督 三郎", UserRole.Supervisor, "会津若松");
    }

    private async Task ImportAsync(string register, int townId)
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes(register));
        var result = await new ResidentImportService(Connections, TimeProvider.System).ImportAsync(csv, dryRun: false, townId: townId);
        Assert.True(result.Committed, string.Join(Environment.NewLine, result.Errors));
    }

    private const string InsertSql = """
        INSERT INTO Requests (HouseholdId, ResidentId, CategoryId, DepartmentId, IsUrgent, Body, Status, CreatedAt, UpdatedAt, Version)
        SELECT h.HouseholdId, (SELECT r.ResidentId FROM Residents r WHERE r.ResidentNo = @ResidentNo AND r.TownId = @TownId), @CategoryId, 1,
               0, @Body, 0, @CreatedAt, @CreatedAt, 0
          FROM Households h
         WHERE h.HouseholdNo = @HouseholdNo
           AND h.TownId = @TownId
        """;

    private async Task<long> AddAsync(int townId, string householdNo, string? residentNo, int categoryId, DateTime createdAtUtc)
    {
        await using var connection = await Connections.OpenAsync();
        Assert.Equal(1, await connection.ExecuteAsync(InsertSql, new
        {
            TownId = townId, HouseholdNo = householdNo, ResidentNo = residentNo, CategoryId = categoryId, Body = "相談",
            CreatedAt = DateTime.SpecifyKind(createdAtUtc, DateTimeKind.Utc),
        }));
        return await connection.ExecuteScalarAsync<long>("SELECT MAX(RequestId) FROM Requests");
    }

    [SkippableFact]
    public async Task CollidingNumbers_KeepEachTownsRequests_InTheQueue_ThePage_TheMoves_AndTheCounts()
    {
        var first = await AddAsync(1, "KH01", "K0001", 1, new DateTime(2026, 3, 1, 0, 0, 0));
        var other = await AddAsync(second, "KH01", "K0001", 2, new DateTime(2026, 3, 2, 0, 0, 0));
        await AddAsync(second, "KH02", null, 3, new DateTime(2026, 3, 3, 0, 0, 0));
        var queue = new RequestQueue(Connections, new AuditRepository(Connections, clock), clock, RequestOverdue.Default);
        var work = new RequestWork(Connections, clock);
        var one = TownScope.Only([1]);
        var two = TownScope.Only([second]);

        Assert.Equal([first], (await queue.PageAsync(new RequestFilter(), all, one, 0, supervisor)).Items.Select(i => i.RequestId));
        var page = await queue.PageAsync(new RequestFilter(), all, two, 0, supervisor);
        Assert.Equal(2, page.Total);
        Assert.All(page.Items, i => Assert.Equal(second, i.TownId));
        Assert.Equal("鈴木\u3000一郎", page.Items[0].PersonName);
        Assert.Equal(3, (await queue.PageAsync(new RequestFilter(), all, TownScope.All, 0, supervisor)).Total);
        Assert.Equal((1, 2, 3), (await queue.OpenCountAsync(all, one), await queue.OpenCountAsync(all, two), await queue.OpenCountAsync(all, TownScope.All)));
        Assert.Empty((await queue.PageAsync(new RequestFilter(), all, TownScope.Only([]), 0, supervisor)).Items);

        // The other town's request does not exist for a one-town account: not found, and no move.
        Assert.Null(await queue.DetailAsync(other, all, one, supervisor));
        Assert.Equal("川区", (await queue.DetailAsync(other, all, two, supervisor))!.Request.District);
        var refused = await work.MoveAsync(new RequestMove(other, 0, RequestStatus.InProgress, null, null), all, one, supervisor);
        Assert.Equal($"受付番号 {other} の要望はありません。", refused.Error);
        Assert.Equal(0, await RequestTestData.VersionAsync(Connections, other));
        Assert.True((await work.MoveAsync(new RequestMove(other, 0, RequestStatus.InProgress, null, null), all, two, supervisor)).Succeeded);

        var summary = new RequestSummary(Connections);
        Assert.Equal(["浜区"], (await summary.LoadAsync(one)).Of(RequestDimension.District).Select(t => t.Value));
        Assert.Equal(["川区", "野区"], (await summary.LoadAsync(two)).Of(RequestDimension.District).Select(t => t.Value).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await summary.LoadAsync(TownScope.All)).Total);
        Assert.Empty((await summary.LoadAsync(TownScope.Only([]))).Tallies);
        var filtered = await summary.LoadAsync(new RequestSummaryFilter { State = RequestState.Open, FromMonth = "2026-03" }, two);
        Assert.Equal(2, filtered.Total);
        Assert.Equal(2, filtered.Open);
        Assert.Equal(["2", "3"], filtered.Of(RequestDimension.Category).Select(t => t.Value));
    }

    [SkippableFact]
    public async Task TheKeptCounts_EqualAFreshGroupBy_AfterEveryKindOfChange_PerTownAndTogether()
    {
        var random = new Random(19);
        var work = new RequestWork(Connections, clock);
        var summary = new RequestSummary(Connections);
        var ids = new List<long>();
        for (var step = 0; step < 120; step++)
        {
            var kind = step < 30 ? 0 : random.Next(7);
            var townId = random.Next(2) == 0 ? 1 : second;
            await using var connection = await Connections.OpenAsync();
            switch (kind)
            {
                case 0 or 1:
                    var household = townId == 1 || random.Next(2) == 0 ? "KH01" : "KH02";
                    var person = random.Next(4) == 0 ? null : household == "KH01" ? $"K000{1 + random.Next(3)}" : $"K000{4 + random.Next(2)}";
                    ids.Add(await AddAsync(townId, household, person, 1 + random.Next(12),
                        clock.GetUtcNow().UtcDateTime.AddDays(-random.Next(400)).AddHours(random.Next(24))));
                    break;
                case 2:
                    // A status change (through the work, steps and all).
                    var id = ids[random.Next(ids.Count)];
                    var (status, version) = await connection.QuerySingleAsync<(int, int)>("SELECT Status, Version FROM Requests WHERE RequestId = @id", new { id });
                    var next = RequestWork.NextSteps((RequestStatus)status);
                    if (next.Count > 0)
                    {
                        var to = next[random.Next(next.Count)];
                        await work.MoveAsync(new RequestMove(id, version, to, to == RequestStatus.Routed ? 1 + random.Next(6) : null, "理由"), all, TownScope.All, supervisor);
                    }
                    break;
                case 3:
                    // A resident moves district or prefecture (the same number in the other town stays put).
                    await connection.ExecuteAsync("UPDATE Residents SET District = @District, PrefectureCode = @Code WHERE ResidentNo = @No AND TownId = @TownId", new
                    {
                        District = random.Next(3) switch { 0 => "浜区", 1 => "川区", _ => null },
                        Code = random.Next(4) == 0 ? (byte?)null : (byte)(1 + random.Next(47)), No = $"K000{1 + random.Next(5)}", TownId = townId,
                    });
                    break;
                case 4:
                    // A birth date fixed.
                    await connection.ExecuteAsync("UPDATE Residents SET BirthDate = @BirthDate WHERE ResidentNo = @No AND TownId = @TownId", new
                    {
                        BirthDate = random.Next(5) == 0 ? (DateOnly?)null : new DateOnly(1930 + random.Next(90), 1 + random.Next(12), 1 + random.Next(28)),
                        No = $"K000{1 + random.Next(5)}", TownId = townId,
                    });
                    break;
                case 5:
                    // A request deleted (one with no step yet: steps are append-only).
                    var doomed = ids[random.Next(ids.Count)];
                    if (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM RequestSteps WHERE RequestId = @doomed", new { doomed }) == 0)
                    {
                        await connection.ExecuteAsync("DELETE FROM Requests WHERE RequestId = @doomed", new { doomed });
                        ids.Remove(doomed);
                    }
                    break;
                default:
                    // The second town's register imported again with its people moved.
                    var moved = SecondRegister.Replace(random.Next(2) == 0 ? "川区" : "野区", random.Next(2) == 0 ? "山区" : "海区", StringComparison.Ordinal);
                    await connection.DisposeAsync();
                    await ImportAsync(moved, second);
                    break;
            }
            if (step % 10 == 9 || kind >= 3)
            {
                Assert.Equal(await FreshCubeAsync(), await CubeAsync());
            }
        }

        var fresh = await FreshRequestsAsync();
        foreach (var scope in new[] { TownScope.All, TownScope.Only([1]), TownScope.Only([second]), TownScope.Only([1, second]) })
        {
            var kept = fresh.Where(r => scope.Includes(r.TownId)).ToList();
            var expected = RequestTestData.Group(kept.SelectMany(r => Enum.GetValues<RequestDimension>().Select(d => (d, r.Values[(int)d], r.Open))));
            Assert.Equal(expected, RequestTestData.Flatten(await summary.LoadAsync(scope)));
            Assert.Equal(expected, RequestTestData.Flatten(await summary.FreshAsync(scope)));
            foreach (var filter in new[]
            {
                new RequestSummaryFilter { District = "浜区" }, new RequestSummaryFilter { CategoryId = 3, State = RequestState.Open },
                new RequestSummaryFilter { FromMonth = "2025-10", ToMonth = "2026-02" }, new RequestSummaryFilter { AgeBand = 2, State = RequestState.Closed },
            })
            {
                var under = kept.Where(r => Keeps(filter, r.Values, r.Open)).ToList();
                Assert.Equal(RequestTestData.Group(under.SelectMany(r => Enum.GetValues<RequestDimension>().Select(d => (d, r.Values[(int)d], r.Open)))),
                    RequestTestData.Flatten(await summary.LoadAsync(filter, scope)));
                var (figures, table) = await summary.LoadWithCrossAsync(filter, RequestDimension.District, RequestDimension.Month, scope);
                Assert.Equal(under.Count, table.Total);
                Assert.Equal(under.Count, figures.Total);
                Assert.Equal(under.GroupBy(r => (r.Values[1], r.Values[4])).Select(g => (g.Key.Item1, g.Key.Item2, g.Count())).OrderBy(x => x).ToList(),
                    table.Cells.Select(c => (c.Row, c.Column, c.Total)).OrderBy(x => x).ToList());
            }
            var queue = new RequestQueue(Connections, new AuditRepository(Connections, clock), clock, RequestOverdue.Default);
            Assert.Equal(kept.Count, (await queue.PageAsync(new RequestFilter { State = RequestState.All }, all, scope, 0, supervisor)).Total);
        }
    }

    private static bool Keeps(RequestSummaryFilter f, string[] v, bool open) =>
        (f.State == RequestState.All || (f.State == RequestState.Open) == open)
        && (f.CategoryId is null || v[0] == f.CategoryId.Value.ToString(CultureInfo.InvariantCulture))
        && (f.District is null || v[1] == f.District)
        && (f.AgeBand is null || v[3] == f.AgeBand.Value.ToString(CultureInfo.InvariantCulture))
        && (f.FromMonth is null || string.CompareOrdinal(v[4], f.FromMonth) >= 0)
        && (f.ToMonth is null || string.CompareOrdinal(v[4], f.ToMonth) <= 0);

    // Every request's values computed in C# from the raw rows (RequestTestData), with its town from its household.
    private async Task<List<(int TownId, string[] Values, bool Open)>> FreshRequestsAsync()
    {
        await using var connection = await Connections.OpenAsync();
        var towns = (await connection.QueryAsync<(long RequestId, int TownId)>(
            "SELECT q.RequestId, h.TownId FROM Requests q JOIN Households h ON h.HouseholdId = q.HouseholdId")).ToDictionary(x => x.RequestId, x => x.TownId);
        return (await RequestTestData.FreshRequestsAsync(Connections)).Select(r => (towns[r.RequestId], r.Values, r.Open)).ToList();
    }

    private async Task<List<string>> FreshCubeAsync() =>
        (await FreshRequestsAsync())
            .GroupBy(r => $"{r.TownId}|{r.Values[1]}|{r.Values[4]}|{r.Values[0]}|{r.Values[2]}|{r.Values[3]}")
            .Select(g => $"{g.Key}|{g.Count(x => x.Open)}|{g.Count(x => !x.Open)}")
            .Order(StringComparer.Ordinal).ToList();

    private async Task<List<string>> CubeAsync()
    {
        await using var connection = await Connections.OpenAsync();
        var rows = await connection.QueryAsync<(int TownId, string District, string ReceivedMonth, int CategoryId, int PrefectureCode, int AgeBand, int Open, int Closed)>(
            "SELECT TownId, District, ReceivedMonth, CategoryId, PrefectureCode, AgeBand, OpenRequests, ClosedRequests FROM RequestCube");
        // A cell that fell to zero is kept (migration 0030: stamped, so the copies in process learn of it), never below zero.
        Assert.All(rows, r => Assert.True(r.Open >= 0 && r.Closed >= 0, $"a negative cell: {r}"));
        return rows.Where(r => r.Open != 0 || r.Closed != 0).Select(r => $"{r.TownId}|{r.District}|{r.ReceivedMonth}|{r.CategoryId}|{r.PrefectureCode}|{r.AgeBand}|{r.Open}|{r.Closed}")
            .Order(StringComparer.Ordinal).ToList();
    }
}

public sealed class RequestTownsTestsOnSqlite : RequestTownsTests<OnSqlite>;

public sealed class RequestTownsTestsOnSqlServer : RequestTownsTests<OnSqlServer>;
