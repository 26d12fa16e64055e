using System.Diagnostics;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// What the in-process search index pays when one resident changes (issue 15, item 3): the register stamp moves and the
/// next refresh applies the changed row. Product: <see cref="SearchIndex.RefreshAsync"/> after one resident's name is
/// written again (the trigger stamps the row), 1,000 times, each on a different resident; floor: the database work such a
/// refresh cannot avoid, the stamp and the changed row read in one read transaction by the index's own statements.
/// The detail adds one refresh of <see cref="CompactionRows"/> changed residents, which also rebuilds the base orders.
/// </summary>
public static class SearchRefreshScenario
{
    public const int Samples = 1000;

    /// <summary>As many changed residents as make a refresh compact (SearchIndexSnapshot.CompactAfter).</summary>
    public const int CompactionRows = 4096;

    // The floor reads what a refresh reads, with the product's own statements.
    private const string StampSql = CallCenter.Data.Residents.SearchIndex.StampSql;
    private const string ChangedRowsSql = CallCenter.Data.Residents.SearchIndex.ChangedRowsSql;

    private const string TouchSql = "UPDATE Residents SET FamilyName = FamilyName WHERE ResidentId = @Id";

    public static async Task<(Measurement Refresh, Measurement Floor)> RunAsync(string db, int rows)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var (index, load) = await SearchIndexScenario.LoadAsync(connections);
        int max;
        await using (var connection = await connections.OpenAsync())
        {
            max = await connection.ExecuteScalarAsync<int>("SELECT MAX(ResidentId) FROM Residents");
        }
        var random = new Random(20110311);

        async Task TouchAsync(string sql, object args)
        {
            await using var connection = await connections.OpenAsync();
            await connection.ExecuteAsync(sql, args);
        }

        // Untimed first: the JIT and the pool warm, as in a running server.
        for (var i = 0; i < 20; i++)
        {
            await TouchAsync(TouchSql, new { Id = random.Next(1, max + 1) });
            await index.RefreshAsync();
        }
        var product = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            await TouchAsync(TouchSql, new { Id = random.Next(1, max + 1) });
            var watch = Stopwatch.StartNew();
            await index.RefreshAsync();
            product.Add(watch.Elapsed.TotalMilliseconds);
        }
        var deltas = index.DeltaRefreshes;

        var floor = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            (long Version, long LastResidentId) before;
            await using (var connection = await connections.OpenAsync())
            {
                before = await connection.QuerySingleAsync<(long, long)>(StampSql);
            }
            await TouchAsync(TouchSql, new { Id = random.Next(1, max + 1) });
            var watch = Stopwatch.StartNew();
            await using (var connection = await connections.OpenAsync())
            {
                await using var transaction = await connections.BeginReadAsync(connection);
                await connection.QuerySingleAsync<(long, long)>(StampSql, transaction: transaction);
                (await connection.QueryAsync(ChangedRowsSql, new { before.Version, before.LastResidentId }, transaction)).AsList();
            }
            floor.Add(watch.Elapsed.TotalMilliseconds);
        }

        // Many at once: the first CompactionRows residents written again, one refresh (and its compaction).
        await index.RefreshAsync();
        await TouchAsync("UPDATE Residents SET FamilyName = FamilyName WHERE ResidentId <= @Last", new { Last = CompactionRows });
        var many = Stopwatch.StartNew();
        await index.RefreshAsync();
        var manyMs = many.Elapsed.TotalMilliseconds;

        var peak = Measurement.PeakResidentMegabytes();
        static string P(List<double> v, int p) => ConsoleScenarios.Percentile(v, p).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        return (new Measurement("search-refresh", rows, ConsoleScenarios.Percentile(product, 50) / 1000, peak,
                    $"p50 {P(product, 50)} ms; p95 {P(product, 95)} ms; {Samples} refreshes of one changed resident ({deltas - 20} as deltas, {index.FullLoads} full load of {load.Seconds:0.00} s); " +
                    $"one refresh of {CompactionRows:N0} changed residents {manyMs:0.0} ms, of which rebuilding the base orders {index.LastCompactionTime.TotalMilliseconds:0.0} ms ({index.Compactions} compaction)"),
                new Measurement("search-refresh-floor", rows, ConsoleScenarios.Percentile(floor, 50) / 1000, peak,
                    $"p50 {P(floor, 50)} ms; p95 {P(floor, 95)} ms"));
    }
}
