using System.Diagnostics;
using CallCenter.Data.Dashboard;
using CallCenter.Data.Database;
using CallCenter.Data.Demo;
using CallCenter.Data.Imports;
using CallCenter.Data.Residents;
using CallCenter.Data.Settings;
using CallCenter.Data.Towns;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CallCenter.Bench;

/// <summary>
/// A joint call center (issue 19): 70,000 residents in 8 towns (汐見町 and the demo's seven neighbours, 8,750 each, every
/// town numbered from 1 so the numbers collide), imported town by town; then search, the dashboard and saving a call on
/// it, for one town's scope and for all towns — each beside its floor.
/// </summary>
public static class TownScenarios
{
    public const int TownCount = 8;

    private static readonly (string Code, string Name)[] AllTowns = [("079995", "汐見町"), .. DemoTowns.Neighbours];

    /// <summary>The register file of town <paramref name="index"/> (0-based) for <paramref name="rows"/> residents in all.</summary>
    public static string RegisterPath(string folder, int rows, int index) => Path.Combine(folder, $"towns-{rows}-{index + 1}.csv");

    /// <summary>Writes the eight register files (kept between runs: the same bytes every time).</summary>
    public static void WriteRegisters(string folder, int rows)
    {
        var asOf = new DateOnly(2011, 4, 1);
        for (var i = 0; i < TownCount; i++)
        {
            var path = RegisterPath(folder, rows, i);
            if (File.Exists(path))
            {
                continue;
            }
            using var register = DemoTowns.Register(rows / TownCount, DemoTownGenerator.DefaultSeed + i, asOf, AllTowns[i].Name);
            using var file = File.Create(path);
            register.CopyTo(file);
        }
    }

    private static async Task<ConnectionFactory> FreshDatabaseAsync(string db)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(db + suffix);
        }
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        new Migrations(connections, new TownDefaults(AllTowns[0].Code, AllTowns[0].Name)).Apply();
        var towns = new TownRepository(connections, TimeProvider.System);
        foreach (var (code, name) in AllTowns.Skip(1))
        {
            _ = (await towns.AddAsync(code, name)).Town ?? throw new InvalidOperationException($"town {code} not added");
        }
        return connections;
    }

    /// <summary>The product: eight register imports, one per town (--town), into a fresh database.</summary>
    public static async Task<Measurement> ImportAsync(string folder, string db, int rows)
    {
        WriteRegisters(folder, rows);
        var connections = await FreshDatabaseAsync(db);
        var service = new ResidentImportService(connections, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var inserted = 0;
        for (var i = 0; i < TownCount; i++)
        {
            var result = await service.ImportFileAsync(RegisterPath(folder, rows, i), dryRun: false, townId: i + 1);
            if (result.Errors.Count > 0)
            {
                throw new InvalidOperationException($"town {i + 1}: {result.Summary}; {string.Join("; ", result.Errors.Take(5))}");
            }
            inserted += result.Inserted;
        }
        watch.Stop();
        if (inserted != rows / TownCount * TownCount)
        {
            throw new InvalidOperationException($"inserted {inserted} of {rows}");
        }
        return new Measurement("towns-import", rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), $"{TownCount} towns, inserted {inserted}");
    }

    /// <summary>The floor: the same rows by prepared INSERTs into the same tables, town by town, one transaction per town.</summary>
    public static async Task<Measurement> FloorAsync(string folder, string db, int rows)
    {
        WriteRegisters(folder, rows);
        var connections = await FreshDatabaseAsync(db);
        var watch = Stopwatch.StartNew();
        var inserted = 0;
        for (var i = 0; i < TownCount; i++)
        {
            await using var connection = (SqliteConnection)await connections.OpenAsync();
            await using var bulk = await connections.PrepareForBulkAsync(connection);
            await using var transaction = (SqliteTransaction)await connections.BeginWriteAsync(connection);
            inserted += ImportScenarios.FloorInsert(connection, transaction, RegisterPath(folder, rows, i), townId: i + 1);
            await transaction.CommitAsync();
        }
        watch.Stop();
        return new Measurement("towns-import-floor", rows, watch.Elapsed.TotalSeconds, Measurement.PeakResidentMegabytes(), $"inserted {inserted}");
    }

    private const string SampleSql = """
        SELECT ResidentId, TownId, FamilyKanaKey, FamilyNameKana || GivenNameKana AS Kana
          FROM Residents
         WHERE ResidentId % 97 = 0
         ORDER BY ResidentId
         LIMIT @Count
        """;

    private const string FloorSearchSql = """
        SELECT r.ResidentId, r.ResidentNo, r.HouseholdId, h.HouseholdNo, r.FamilyName, r.GivenName, r.FamilyNameKana, r.GivenNameKana,
               r.BirthDate, r.Sex, r.District, r.Status, r.TownId
          FROM Residents r
          LEFT JOIN Households h ON h.HouseholdId = r.HouseholdId
         WHERE r.FamilyKanaKey = @Key
           AND r.TownId = @TownId
         ORDER BY r.FamilyKanaKey, r.GivenKanaKey
         LIMIT 20
        """;

    /// <summary>
    /// Search by a resident's full reading (as an operator types it), alternately within the resident's own town (a
    /// one-town operator) and across all towns (the joint center); floor: one indexed lookup of the family reading in
    /// the town.
    /// </summary>
    public static async Task<(Measurement Product, Measurement Floor)> SearchAsync(string db, int rows, int queries)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        List<(long ResidentId, long TownId, string FamilyKanaKey, string Kana)> sample;
        await using (var connection = await connections.OpenAsync())
        {
            sample = (await connection.QueryAsync<(long, long, string, string)>(SampleSql, new { Count = queries })).ToList();
        }
        var (index, _) = await SearchIndexScenario.LoadAsync(connections);
        var search = new ResidentSearch(connections, index: index);
        TownScope ScopeOf(int i) => i % 2 == 0 ? TownScope.Only([(int)sample[i].TownId]) : TownScope.All;
        for (var i = 0; i < sample.Count; i++)
        {
            await search.SearchAsync(sample[i].Kana, ScopeOf(i));
        }
        var one = new List<double>();
        var all = new List<double>();
        var found = 0;
        for (var i = 0; i < sample.Count; i++)
        {
            var watch = Stopwatch.StartNew();
            var hits = await search.SearchAsync(sample[i].Kana, ScopeOf(i));
            (i % 2 == 0 ? one : all).Add(watch.Elapsed.TotalMilliseconds);
            found += hits.Count > 0 ? 1 : 0;
        }
        var floor = new List<double>();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var s in sample)
            {
                var watch = Stopwatch.StartNew();
                await using var connection = await connections.OpenAsync();
                (await connection.QueryAsync(FloorSearchSql, new { Key = s.FamilyKanaKey, s.TownId })).AsList();
                if (pass == 1)
                {
                    floor.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }
        var peak = Measurement.PeakResidentMegabytes();
        var p = ConsoleScenarios.Percentile;
        return (new Measurement("towns-search", rows, p(one.Concat(all).ToList(), 50) / 1000, peak,
                    $"one town p50 {p(one, 50):0.00} ms, p95 {p(one, 95):0.00} ms; all towns p50 {p(all, 50):0.00} ms, p95 {p(all, 95):0.00} ms; {sample.Count} queries, {found} with hits"),
                new Measurement("towns-search-floor", rows, p(floor, 50) / 1000, peak, $"p50 {p(floor, 50):0.00} ms; p95 {p(floor, 95):0.00} ms"));
    }

    private const string FloorDashboardSql = """
        SELECT TownId, Status, COUNT(*)
          FROM Residents
         WHERE IsProvisional = 0 AND MergedIntoResidentId IS NULL
           AND TownId IN @TownIds
         GROUP BY TownId, Status
        """;

    /// <summary>
    /// The dashboard for one town in turn and for all towns; floor: only the headline counts (residents by town and
    /// status) by a GROUP BY over the chosen towns' residents — less than the dashboard shows, so the ratio is conservative.
    /// </summary>
    public static async Task<(Measurement Product, Measurement Floor)> DashboardAsync(string db, int rows, int loads)
    {
        var connections = new ConnectionFactory(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={db}"));
        var dashboard = new DashboardRepository(connections, new SettingsRepository(connections), TimeProvider.System);
        var ids = Enumerable.Range(1, TownCount).ToArray();
        TownScope ScopeOf(int i) => i % (TownCount + 1) == TownCount ? TownScope.All : TownScope.Only([ids[i % (TownCount + 1)]]);
        var filter = new DashboardFilter();
        for (var i = 0; i <= TownCount; i++)
        {
            await dashboard.LoadAsync(filter, ScopeOf(i));
        }
        var one = new List<double>();
        var all = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            var scope = ScopeOf(i);
            var watch = Stopwatch.StartNew();
            await dashboard.LoadAsync(filter, scope);
            (scope.IsAll ? all : one).Add(watch.Elapsed.TotalMilliseconds);
        }
        var floor = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            var scope = ScopeOf(i);
            var watch = Stopwatch.StartNew();
            await using var connection = await connections.OpenAsync();
            (await connection.QueryAsync(FloorDashboardSql, new { TownIds = scope.TownIds ?? ids })).AsList();
            floor.Add(watch.Elapsed.TotalMilliseconds);
        }
        var peak = Measurement.PeakResidentMegabytes();
        var p = ConsoleScenarios.Percentile;
        return (new Measurement("towns-dashboard", rows, p(one.Concat(all).ToList(), 50) / 1000, peak,
                    $"one town p50 {p(one, 50):0.00} ms, p95 {p(one, 95):0.00} ms; all towns p50 {p(all, 50):0.00} ms, p95 {p(all, 95):0.00} ms; {loads} loads"),
                new Measurement("towns-dashboard-floor", rows, p(floor, 50) / 1000, peak, $"p50 {p(floor, 50):0.00} ms; p95 {p(floor, 95):0.00} ms"));
    }
}
