using System.Diagnostics;
using CallCenter.Data.Database;
using CallCenter.Data.Requests;
using CallCenter.Data.Towns;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// The filtered requests summary and a cross table (/requests/summary with filters, issue 17 item 5): on the requests
/// the <c>requests-summary</c> scenario left in bench.db (seeded the same way when there are none), each load is a
/// filtered summary (every dimension's figures) and a cross table of two dimensions under the same filter, four filters
/// in turn (a district; a district and a month range; a category and an age band; open requests of a prefecture),
/// through <see cref="RequestSummary.LoadWithCrossAsync"/> as the page loads them (one read of the cells of
/// <c>RequestCube</c>, migration 0025, that the filter keeps, summed in the app; the detail names the cube's cell count
/// and the cells each filter reads). Its floor: the same figures by plain
/// GROUP BY over Requests (no index) and Residents, the district and prefecture read from the residents as
/// <see cref="RequestSummary.FreshAsync"/> does. Before timing the two are compared and the run fails if any figure differs.
/// </summary>
public static class RequestSummaryFilteredScenario
{
    private const string TopSql = """
        SELECT (SELECT District FROM Requests GROUP BY District ORDER BY COUNT(*) DESC LIMIT 1) AS District,
               (SELECT PrefectureCode FROM Requests WHERE PrefectureCode >= 0 GROUP BY PrefectureCode ORDER BY COUNT(*) DESC LIMIT 1) AS Prefecture,
               (SELECT MIN(ReceivedMonth) FROM Requests) AS FirstMonth,
               (SELECT MAX(ReceivedMonth) FROM Requests) AS LastMonth
        """;

    public static async Task<(Measurement Product, Measurement Floor)> RunAsync(string db, int rows, int loads)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        // A database seeded by an earlier build is brought up to this one's schema (the cube's stamps, migration 0030).
        new Migrations(connections).Apply();
        int requests;
        (string District, long? Prefecture, string FirstMonth, string LastMonth) top;
        await using (var connection = await connections.OpenAsync())
        {
            requests = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM Requests");
            if (requests == 0)
            {
                await connection.DisposeAsync();
                requests = await RequestSummaryScenario.SeedAsync(connections, rows);
            }
        }
        await using (var connection = await connections.OpenAsync())
        {
            top = await connection.QuerySingleAsync<(string, long?, string, string)>(TopSql);
        }
        long cells;
        await using (var connection = await connections.OpenAsync())
        {
            cells = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM RequestCube");
        }
        var middle = DateOnly.ParseExact(top.FirstMonth + "-01", "yyyy-MM-dd").AddMonths(6).ToString("yyyy-MM");
        var cases = new (RequestSummaryFilter Filter, RequestDimension Rows, RequestDimension Columns)[]
        {
            (new RequestSummaryFilter { District = top.District }, RequestDimension.Category, RequestDimension.AgeBand),
            (new RequestSummaryFilter { District = top.District, FromMonth = top.FirstMonth, ToMonth = middle }, RequestDimension.Month, RequestDimension.Category),
            (new RequestSummaryFilter { CategoryId = 3, AgeBand = 4 }, RequestDimension.District, RequestDimension.Month),
            (new RequestSummaryFilter { State = RequestState.Open, PrefectureCode = (int)(top.Prefecture ?? -1) }, RequestDimension.District, RequestDimension.Category),
        };
        var summary = new RequestSummary(connections);
        // The first read loads the whole cube into the process (once per app instance); every later one reads the version only.
        var cold = Stopwatch.StartNew();
        await summary.LoadWithCrossAsync(cases[0].Filter, cases[0].Rows, cases[0].Columns, TownScope.All);
        var firstRead = cold.Elapsed.TotalSeconds;
        foreach (var (filter, r, c) in cases)
        {
            var (figures, table) = await summary.LoadWithCrossAsync(filter, r, c, TownScope.All);
            var product = Flatten(figures, table);
            var floor = await FloorAsync(connections, filter, r, c);
            if (!product.SequenceEqual(floor))
            {
                throw new InvalidOperationException($"the filtered requests summary and its floor disagree under {filter}:\n"
                    + string.Join("\n", product.Except(floor)) + "\n--\n" + string.Join("\n", floor.Except(product)));
            }
        }
        var productTimes = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            var (filter, r, c) = cases[i % cases.Length];
            var watch = Stopwatch.StartNew();
            await summary.LoadWithCrossAsync(filter, r, c, TownScope.All);
            productTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        // The floor reads every request: as many loads as the product's, or as fit in a minute (at least 20).
        var floorTimes = new List<double>();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < loads && (i < 20 || budget.Elapsed < TimeSpan.FromMinutes(1)); i++)
        {
            var (filter, r, c) = cases[i % cases.Length];
            var watch = Stopwatch.StartNew();
            await FloorAsync(connections, filter, r, c);
            floorTimes.Add(watch.Elapsed.TotalMilliseconds);
        }
        var peak = Measurement.PeakResidentMegabytes();
        return (new Measurement("requests-summary-filtered", rows, ConsoleScenarios.Percentile(productTimes, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(productTimes, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(productTimes, 95):0.00} ms; {loads} loads "
                    + $"(filtered summary + cross table, {cases.Length} filters in turn); {requests:N0} requests, {cells:N0} cube cells; "
                    + $"the first read (the whole cube into the process) {firstRead:0.00} s"),
                new Measurement("requests-summary-filtered-floor", rows, ConsoleScenarios.Percentile(floorTimes, 50) / 1000, peak,
                    $"p50 {ConsoleScenarios.Percentile(floorTimes, 50):0.00} ms; p95 {ConsoleScenarios.Percentile(floorTimes, 95):0.00} ms; {floorTimes.Count} loads"));
    }

    private static List<string> Flatten(RequestSummaryFigures figures, RequestCrossTable table) =>
        figures.Tallies.Select(t => $"{(int)t.Dimension}|{t.Value}|{t.Open}|{t.Closed}")
            .Concat(table.Cells.Select(c => $"x|{c.Row}|{c.Column}|{c.Open}|{c.Closed}"))
            .Order(StringComparer.Ordinal).ToList();

    // The base columns: district and prefecture from the residents (the floor of migration 0017's copies).
    private static string Column(RequestDimension dimension) => dimension switch
    {
        RequestDimension.Category => "CAST(r.CategoryId AS VARCHAR(20))",
        RequestDimension.District => "COALESCE(s.District, '')",
        RequestDimension.Prefecture => "CAST(COALESCE(CAST(s.PrefectureCode AS INT), -1) AS VARCHAR(20))",
        RequestDimension.AgeBand => "CAST(r.AgeBand AS VARCHAR(20))",
        _ => "r.ReceivedMonth",
    };

    private static async Task<List<string>> FloorAsync(ConnectionFactory connections, RequestSummaryFilter filter, RequestDimension rows, RequestDimension columns)
    {
        var where = string.Join(" AND ", new[]
        {
            "1 = 1",
            filter.District is null ? null : $"{Column(RequestDimension.District)} = @District",
            filter.PrefectureCode is null ? null : "COALESCE(CAST(s.PrefectureCode AS INT), -1) = @PrefectureCode",
            filter.CategoryId is null ? null : "r.CategoryId = @CategoryId",
            filter.AgeBand is null ? null : "r.AgeBand = @AgeBand",
            filter.FromMonth is null ? null : "r.ReceivedMonth >= @FromMonth",
            filter.ToMonth is null ? null : "r.ReceivedMonth <= @ToMonth",
            filter.State switch { RequestState.Open => "r.Status < 3", RequestState.Closed => "r.Status >= 3", _ => null },
        }.Where(c => c is not null));
        const string Counts = "SUM(CASE WHEN r.Status < 3 THEN 1 ELSE 0 END) AS OpenCount, SUM(CASE WHEN r.Status >= 3 THEN 1 ELSE 0 END) AS ClosedCount";
        const string From = "FROM Requests r NOT INDEXED LEFT JOIN Residents s ON s.ResidentId = r.SubjectResidentId";
        var sql = string.Join("\nUNION ALL\n", Enum.GetValues<RequestDimension>().Select(d =>
            $"SELECT '{(int)d}' AS A, {Column(d)} AS B, '' AS C, {Counts} {From} WHERE {where} GROUP BY {Column(d)}"))
            + $"\nUNION ALL\nSELECT 'x', {Column(rows)}, {Column(columns)}, {Counts} {From} WHERE {where} GROUP BY {Column(rows)}, {Column(columns)}";
        await using var connection = await connections.OpenAsync();
        var result = await connection.QueryAsync<(string A, string B, string C, long Open, long Closed)>(new CommandDefinition(sql,
            new { filter.District, filter.PrefectureCode, filter.CategoryId, filter.AgeBand, filter.FromMonth, filter.ToMonth }, commandTimeout: 600));
        return result.Where(x => x.Open != 0 || x.Closed != 0)
            .Select(x => x.A == "x" ? $"x|{x.B}|{x.C}|{x.Open}|{x.Closed}" : $"{x.A}|{x.B}|{x.Open}|{x.Closed}")
            .Order(StringComparer.Ordinal).ToList();
    }
}
