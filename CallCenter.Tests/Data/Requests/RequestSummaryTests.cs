using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Data.Towns;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Requests;
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

        var figures = await new RequestSummary(Connections).LoadAsync(TownScope.All);

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
        Assert.Equal(expected, Flatten(await new RequestSummary(Connections).LoadAsync(TownScope.All)));
        Assert.Equal(expected, Flatten(await new RequestSummary(Connections).FreshAsync(TownScope.All)));
    }

    [SkippableFact]
    public async Task FilteredFiguresAndCrossTables_EqualAFreshComputation_UnderRandomFilters()
    {
        var random = new Random(25);
        await RandomChangesAsync(Connections, clock, supervisor, random, 90);
        var summary = new RequestSummary(Connections);
        var fresh = await FreshRequestsAsync(Connections);
        var unfiltered = await summary.LoadAsync(TownScope.All);
        var dimensions = Enum.GetValues<RequestDimension>();
        for (var round = 0; round < 40; round++)
        {
            var filter = RandomFilter(random, unfiltered);
            var kept = fresh.Where(r => Keeps(filter, r.Values, r.Open)).ToList();

            var expected = Group(kept.SelectMany(r => dimensions.Select(d => (d, r.Values[(int)d], r.Open))));
            Assert.Equal(expected, Flatten(await summary.LoadAsync(filter, TownScope.All)));

            var rows = dimensions[random.Next(dimensions.Length)];
            var columns = dimensions.Where(d => d != rows).ElementAt(random.Next(dimensions.Length - 1));
            var table = await summary.CrossAsync(filter, rows, columns, TownScope.All);
            var cells = kept.GroupBy(r => (r.Values[(int)rows], r.Values[(int)columns]))
                .Select(g => (g.Key.Item1, g.Key.Item2, g.Count(x => x.Open), g.Count(x => !x.Open)))
                .OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2, StringComparer.Ordinal).ToList();
            Assert.Equal(cells, table.Cells.Select(c => (c.Row, c.Column, c.Open, c.Closed))
                .OrderBy(x => x.Row, StringComparer.Ordinal).ThenBy(x => x.Column, StringComparer.Ordinal).ToList());
            Assert.Equal(expected.Where(e => e.Item1 == rows).Select(e => (e.Item2, e.Item3 + e.Item4)).ToHashSet(),
                table.Rows.Select(r => (r.Value, r.Total)).ToHashSet());
            Assert.Equal(expected.Where(e => e.Item1 == columns).Select(e => (e.Item2, e.Item3 + e.Item4)).ToHashSet(),
                table.Columns.Select(c => (c.Value, c.Total)).ToHashSet());
            Assert.Equal(kept.Count, table.Total);
        }
    }

    [SkippableFact]
    public async Task TheCubeHeldInProcess_FollowsEveryChange_ByReadingOnlyTheStampedCells()
    {
        var random = new Random(31);
        await RandomChangesAsync(Connections, clock, supervisor, random, 30);
        // Two app instances over one database: each keeps its own copy of the cube.
        var (first, second) = (new RequestSummary(Connections), new RequestSummary(Connections));
        var dimensions = Enum.GetValues<RequestDimension>();
        for (var round = 0; round < 8; round++)
        {
            if (round > 0)
            {
                // Inserts, steps that close requests, category changes and residents moving: cells rise, fall and empty.
                await RandomChangesAsync(Connections, clock, supervisor, random, 12);
            }
            var fresh = await FreshRequestsAsync(Connections);
            var unfiltered = await first.LoadAsync(TownScope.All);
            foreach (var summary in round % 2 == 0 ? new[] { first, second } : [second, first])
            {
                for (var i = 0; i < 4; i++)
                {
                    var filter = RandomFilter(random, unfiltered);
                    filter = filter.HasNoValue ? filter with { District = unfiltered.Of(RequestDimension.District)[0].Value } : filter;
                    var kept = fresh.Where(r => Keeps(filter, r.Values, r.Open)).ToList();
                    var expected = Group(kept.SelectMany(r => dimensions.Select(d => (d, r.Values[(int)d], r.Open))));
                    var (figures, table) = await summary.LoadWithCrossAsync(filter, RequestDimension.Category, RequestDimension.Month, TownScope.All);
                    Assert.Equal(expected, Flatten(figures));
                    Assert.Equal(kept.Count, table.Total);
                }
            }
        }
        // Each copy read every cell once; afterwards only what changed.
        Assert.Equal((1, 1), (first.Cube.FullLoads, second.Cube.FullLoads));
        Assert.True(first.Cube.DeltaRefreshes >= 7, $"{first.Cube.DeltaRefreshes} delta refreshes");
        await using var connection = await Connections.OpenAsync();
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM RequestCube WHERE OpenRequests = 0 AND ClosedRequests = 0") > 0,
            "no cell fell to zero: the test did not try the kept zero cells");
    }

    [SkippableFact]
    public async Task EveryCrossCellsLink_OpensAQueueOfExactlyItsRequests()
    {
        var random = new Random(7);
        await RandomChangesAsync(Connections, clock, supervisor, random, 60);
        var summary = new RequestSummary(Connections);
        var queue = new RequestQueue(Connections, new AuditRepository(Connections, clock), clock, RequestOverdue.Default);
        var filter = new RequestSummaryFilter { FromMonth = "2025-06", ToMonth = "2026-03" };
        foreach (var (rows, columns) in new[] { (RequestDimension.District, RequestDimension.Month), (RequestDimension.AgeBand, RequestDimension.Prefecture),
                     (RequestDimension.Category, RequestDimension.District) })
        {
            var table = await summary.CrossAsync(filter, rows, columns, TownScope.All);
            Assert.NotEmpty(table.Cells);
            foreach (var cell in table.Cells)
            {
                var address = RequestSummaryView.Behind(filter.With(rows, cell.Row).With(columns, cell.Column));
                var page = await queue.PageAsync(RequestQueryString.Parse("http://localhost" + address), all, TownScope.All, 0, supervisor);
                Assert.True(cell.Total == page.Total, $"{address}: the cell says {cell.Total}, the queue {page.Total}");
            }
        }
    }

    private static bool Keeps(RequestSummaryFilter f, string[] v, bool open) =>
        (f.State == RequestState.All || (f.State == RequestState.Open) == open)
        && (f.CategoryId is null || v[0] == f.CategoryId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
        && (f.District is null || v[1] == f.District)
        && (f.PrefectureCode is null || v[2] == f.PrefectureCode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
        && (f.AgeBand is null || v[3] == f.AgeBand.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
        && (f.FromMonth is null || string.CompareOrdinal(v[4], f.FromMonth) >= 0)
        && (f.ToMonth is null || string.CompareOrdinal(v[4], f.ToMonth) <= 0);

    // Each dimension filtered with probability 1/3 to one of its values (or a value no request has); a month range; a state.
    private static RequestSummaryFilter RandomFilter(Random random, RequestSummaryFigures figures)
    {
        string? Pick(RequestDimension d) => random.Next(3) != 0 ? null
            : random.Next(8) == 0 ? "99" : figures.Of(d)[random.Next(figures.Of(d).Count)].Value;
        int? Int(RequestDimension d) => Pick(d) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
        var months = figures.Of(RequestDimension.Month).Select(t => t.Value).ToList();
        var (a, b) = (months[random.Next(months.Count)], months[random.Next(months.Count)]);
        return new RequestSummaryFilter
        {
            State = (RequestState)random.Next(3),
            CategoryId = Int(RequestDimension.Category),
            District = Pick(RequestDimension.District),
            PrefectureCode = Int(RequestDimension.Prefecture),
            AgeBand = Int(RequestDimension.AgeBand),
            FromMonth = random.Next(3) == 0 ? (string.CompareOrdinal(a, b) <= 0 ? a : b) : null,
            ToMonth = random.Next(3) == 0 ? (string.CompareOrdinal(a, b) <= 0 ? b : a) : null,
        };
    }

}

public sealed class RequestSummaryTestsOnSqlite : RequestSummaryTests<OnSqlite>;

public sealed class RequestSummaryTestsOnSqlServer : RequestSummaryTests<OnSqlServer>;
