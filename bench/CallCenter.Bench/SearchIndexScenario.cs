using System.Diagnostics;
using System.Globalization;
using System.Text;
using CallCenter.Data.Database;
using CallCenter.Data.Residents;
using Dapper;

namespace CallCenter.Bench;

/// <summary>
/// The search scenario's detail (issue 15, item 3): the in-process index's load time and managed size, the cost of the
/// stamp read every search makes and of one delta refresh, and per query kind p50/p95 of the product (index), the SQL
/// path it replaces (the reference) and the floor. Written beside the bench database and appended to results.md.
/// </summary>
public static class SearchIndexScenario
{
    // The statement SearchIndex reads the stamp with (SearchIndex.StampSql).
    private const string StampSql = """
        SELECT CAST((SELECT Version FROM RegisterVersion WHERE RegisterVersionId = 1) AS BIGINT) AS Version,
               CAST((SELECT COALESCE(MAX(ResidentId), 0) FROM Residents) AS BIGINT) AS LastResidentId
        """;

    public sealed record Load(double Seconds, double ManagedMegabytes, int Residents);

    /// <summary>Where the detail of one size is written (the work folder of the run).</summary>
    public static string DetailPath(string work, int rows) => Path.Combine(work, $"search-detail-{rows}.md");

    public static async Task<(SearchIndex Index, Load Load)> LoadAsync(ConnectionFactory connections)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = new SearchIndex(connections);
        var watch = Stopwatch.StartNew();
        await index.RefreshAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(index);
        return (index, new Load(seconds, (after - before) / 1024.0 / 1024.0, index.Residents));
    }

    public static async Task WriteDetailAsync(string db, int rows, ConnectionFactory connections, SearchIndex index, Load load,
        List<(string Text, string Kind)> set, Dictionary<string, List<double>> product, Dictionary<string, List<double>> floor,
        long fromIndex)
    {
        // The SQL path, timed the same way (one untimed pass first), as the reference the index replaces.
        var sql = new ResidentSearch(connections);
        foreach (var (text, _) in set)
        {
            await sql.SearchAsync(text, 20);
        }
        var reference = new Dictionary<string, List<double>>();
        foreach (var (text, kind) in set)
        {
            var watch = Stopwatch.StartNew();
            await sql.SearchAsync(text, 20);
            (reference.TryGetValue(kind, out var list) ? list : reference[kind] = []).Add(watch.Elapsed.TotalMilliseconds);
        }
        // The stamp read each indexed search makes before trusting the index.
        var stamps = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var watch = Stopwatch.StartNew();
            await using var connection = await connections.OpenAsync();
            await connection.QuerySingleAsync<(long, long)>(StampSql);
            stamps.Add(watch.Elapsed.TotalMilliseconds);
        }
        // One delta refresh: a resident's name written again (the trigger stamps the row; nothing else changes).
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE Residents SET FamilyName = FamilyName WHERE ResidentId = 1");
        }
        var delta = Stopwatch.StartNew();
        await index.RefreshAsync();
        var deltaMs = delta.Elapsed.TotalMilliseconds;

        static string P(List<double> v, int p) => ConsoleScenarios.Percentile(v, p).ToString("0.00", CultureInfo.InvariantCulture);
        var all = (Func<Dictionary<string, List<double>>, List<double>>)(d => d.Values.SelectMany(v => v).ToList());
        var detail = new StringBuilder();
        detail.AppendLine(CultureInfo.InvariantCulture, $"""

            ### Search by query kind, {rows:N0} residents

            In-process index (`SearchIndex`): {load.Residents:N0} residents loaded in {load.Seconds:0.00} s, {load.ManagedMegabytes:0.0} MB
            managed heap, {load.ManagedMegabytes * 1024 * 1024 / Math.Max(1, load.Residents):0} bytes a resident (GC.GetTotalMemory after a full collection, before and after the load). {fromIndex:N0} of {set.Count:N0} searches
            answered from the index, the rest by the SQL path. The register-stamp statement every indexed search sends (in the same command as its result rows;
            timed here alone, on a pooled connection): p50 {P(stamps, 50)} ms, p95 {P(stamps, 95)} ms. One delta refresh (one changed resident): {deltaMs:0.0} ms.
            Product = ResidentSearch with the index; SQL path = the same search without it (the reference it must equal);
            floor = one indexed look-up of the same key, 20 rows. Ratio = product p95 / floor p95.

            | query kind | queries | product p50 | product p95 | SQL path p50 | SQL path p95 | floor p50 | floor p95 | ratio (p95) |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|
            """);
        foreach (var kind in product.Keys.OrderByDescending(k => ConsoleScenarios.Percentile(product[k], 95)))
        {
            detail.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind} | {product[kind].Count} | {P(product[kind], 50)} ms | {P(product[kind], 95)} ms | {P(reference[kind], 50)} ms | {P(reference[kind], 95)} ms | {P(floor[kind], 50)} ms | {P(floor[kind], 95)} ms | {ConsoleScenarios.Percentile(product[kind], 95) / ConsoleScenarios.Percentile(floor[kind], 95):0.0}× |");
        }
        detail.AppendLine(CultureInfo.InvariantCulture,
            $"| **all** | {set.Count} | {P(all(product), 50)} ms | {P(all(product), 95)} ms | {P(all(reference), 50)} ms | {P(all(reference), 95)} ms | {P(all(floor), 50)} ms | {P(all(floor), 95)} ms | {ConsoleScenarios.Percentile(all(product), 95) / ConsoleScenarios.Percentile(all(floor), 95):0.0}× |");
        Console.Error.Write(detail);
        await File.WriteAllTextAsync(DetailPath(Path.GetDirectoryName(Path.GetFullPath(db))!, rows), detail.ToString());
    }
}
