using CallCenter.Data.Accounts;
using CallCenter.Data.Audit;
using CallCenter.Data.Calls;
using CallCenter.Data.Requests;
using CallCenter.Tests.Data.Calls;
using CallCenter.Web.Components.Pages.Requests;
using Dapper;
using static CallCenter.Tests.Data.Requests.RequestTestData;

namespace CallCenter.Tests.Data.Requests;

/// <summary>
/// The filtered summary and the cross tables of /requests/summary against a fresh computation from the raw requests and
/// residents after random inserts, moves and residents moving: every bar, every month of the trend and every cross cell
/// under random filters; and every cross cell's link opens a queue of exactly that many requests.
/// </summary>
public abstract class RequestSummaryFilterTests<TDb> : DatabaseTests<TDb> where TDb : IDatabaseKind
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
    public async Task FilteredFiguresAndCrossTables_EqualAFreshComputation_UnderRandomFilters()
    {
        var random = new Random(25);
        await RandomChangesAsync(Connections, clock, supervisor, random, 90);
        var summary = new RequestSummary(Connections);
        var fresh = await FreshRequestsAsync(Connections);
        var unfiltered = await summary.LoadAsync();
        var dimensions = Enum.GetValues<RequestDimension>();
        for (var round = 0; round < 40; round++)
        {
            var filter = RandomFilter(random, unfiltered);
            var kept = fresh.Where(r => Keeps(filter, r.Values, r.Open)).ToList();

            var expected = Group(kept.SelectMany(r => dimensions.Select(d => (d, r.Values[(int)d], r.Open))));
            Assert.Equal(expected, Flatten(await summary.LoadAsync(filter)));

            var rows = dimensions[random.Next(dimensions.Length)];
            var columns = dimensions.Where(d => d != rows).ElementAt(random.Next(dimensions.Length - 1));
            var table = await summary.CrossAsync(filter, rows, columns);
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
            var table = await summary.CrossAsync(filter, rows, columns);
            Assert.NotEmpty(table.Cells);
            foreach (var cell in table.Cells)
            {
                var address = RequestSummaryView.Behind(filter.With(rows, cell.Row).With(columns, cell.Column));
                var page = await queue.PageAsync(RequestQueryString.Parse("http://localhost" + address), all, 0, supervisor);
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

public sealed class RequestSummaryFilterTestsOnSqlite : RequestSummaryFilterTests<OnSqlite>;

public sealed class RequestSummaryFilterTestsOnSqlServer : RequestSummaryFilterTests<OnSqlServer>;
