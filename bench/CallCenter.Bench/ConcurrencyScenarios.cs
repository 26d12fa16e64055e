using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using CallCenter.Data.ApiKeys;
using CallCenter.Data.Calls;
using CallCenter.Data.Database;
using CallCenter.Data.Reports;
using CallCenter.Data.Residents;
using CallCenter.Web;
using CallCenter.Web.Api;
using CallCenter.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Bench;

/// <summary>
/// Many requests at once (issue 15, item 2): C = 1, 10 and 30 clients searching through the HTTP API of the real app
/// (WebApp.Build, Kestrel on a loopback port, a read-scope key made by the product's own ApiKeyRepository), and C
/// concurrent call saves through the app's CallRecordingService. Each client sends its next request as soon as the
/// previous one answered (a closed loop, no think time), so C requests are always in flight.
/// </summary>
public static class ConcurrencyScenarios
{
    /// <summary>The concurrency levels measured.</summary>
    public static readonly int[] Levels = [1, 10, 30];

    /// <summary>The child scenarios: each runs every level in one process and prints product and floor per level.</summary>
    public static readonly string[] Names = ["api-search-concurrent", "save-call-concurrent"];

    // BENCH_CONCURRENCY_REQUESTS lowers the counts for a quick check that the scenario runs.
    private static int Requests => int.TryParse(Environment.GetEnvironmentVariable("BENCH_CONCURRENCY_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : 2000;

    /// <summary>Runs a child scenario: one product and one floor measurement per level, in the order of <see cref="Levels"/>.</summary>
    public static async Task<List<Measurement>> RunAsync(string scenario, string db, int rows)
    {
        await using var app = await StartAppAsync(db);
        try
        {
            return scenario == "api-search-concurrent" ? await SearchAsync(app, rows) : await SaveAsync(app, rows);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>The parent's part: runs both child scenarios and returns their measurements (product, floor) per level.</summary>
    public static List<(Measurement Product, Measurement Floor)> Measure(int rows, string csv, string db, Func<string, int, string, string, string[]> runChild)
    {
        var results = new List<(Measurement, Measurement)>();
        foreach (var scenario in Names)
        {
            var lines = runChild(scenario, rows, csv, db).Where(l => l.StartsWith('{')).Select(Measurement.FromJson).ToList();
            for (var i = 0; i + 1 < lines.Count; i += 2)
            {
                results.Add((lines[i], lines[i + 1]));
                Console.WriteLine($"{lines[i].Scenario} {rows:N0}: {lines[i].Detail} (floor {lines[i + 1].Detail})");
            }
        }
        return results;
    }

    /// <summary>What the rows of <see cref="Table"/> measure, for the results' header.</summary>
    public const string Description = """
        Concurrency (issue 15, item 2): the real app (WebApp.Build, Kestrel on 127.0.0.1, in the bench's process, so the
        clients share the 2 cores with the server) on the register above. C clients each send their next request as soon
        as the previous one answered (closed loop, no think time). API search: GET /api/residents/search with a read-scope
        key (hiragana full name, kanji name without a space, resident number), JSON answer, one audit row per call through
        the group-commit writer; floor: the same search, the same key check, town scope and JSON on a bench-only endpoint
        that writes no audit row (so product − floor is what the audit costs under that concurrency). Save: CallRecordingService saves
        a call with 5 household reports (its own write transaction with its audit rows, as the call form does), each
        client on its own households; floor: the call, 5 report inserts and 5 status updates in one BEGIN IMMEDIATE
        transaction at the same C; 1,000 saves a level. Each level is timed after an untimed pass. "× C=1" = p95 at this C /
        p95 at C = 1 (goal ≤ 3× at C = 30). Saves block their thread while they write (Microsoft.Data.Sqlite is
        synchronous underneath), so with the thread pool's default size only a few of the C clients reach the database at
        once; the rest wait, untimed, for a thread to start their next save. Raising the pool's minimum to 32 threads
        (all 30 at once) put the save's p95 at C = 30 at 185–539 ms (SQLite's busy handler backs off to 100 ms between
        tries), the floor's at 9–36 ms.

        """;

    /// <summary>The concurrency table (markdown).</summary>
    public static string Table(IReadOnlyList<(Measurement Product, Measurement Floor)> results)
    {
        var table = new StringBuilder();
        table.AppendLine();
        table.AppendLine("| scenario | residents | C | p50 | p95 | per second | floor p50 | floor p95 | p95 / floor p95 | p95 × C=1 | floor p95 × C=1 | goal |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var group in results.GroupBy(r => (Kind(r.Product.Scenario), r.Product.Rows)))
        {
            var one = group.First();
            var (_, baseP95, _) = Figures(one.Product.Detail);
            var (_, baseFloorP95, _) = Figures(one.Floor.Detail);
            foreach (var (product, floor) in group)
            {
                var (p50, p95, rate) = Figures(product.Detail);
                var (f50, f95, _) = Figures(floor.Detail);
                var c = Level(product.Scenario);
                var label = group.Key.Item1 == "api-search"
                    ? "API search over HTTP, C clients at once (SQLite)"
                    : "save a call with 5 household reports, C at once (SQLite)";
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"| {label} | {product.Rows:N0} | {c} | {p50:0.00} ms | {p95:0.00} ms | {rate:0} | {f50:0.00} ms | {f95:0.00} ms | {p95 / f95:0.0}× | {p95 / baseP95:0.0}× | {f95 / baseFloorP95:0.0}× | {(c == Levels[^1] ? "p95 ≤ 3× C=1" : "")} |");
            }
        }
        return table.ToString();
    }

    private static string Kind(string scenario) => scenario[..scenario.LastIndexOf("-c", StringComparison.Ordinal)];

    private static int Level(string scenario) => int.Parse(scenario[(scenario.LastIndexOf("-c", StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture);

    private static (double P50, double P95, double Rate) Figures(string detail)
    {
        var parts = detail.Split(';').Select(p => p.Trim().Split(' ')).ToList();
        return (Number(parts[0][1]), Number(parts[1][1]), Number(parts[2][0]));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static async Task<WebApplication> StartAppAsync(string db)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(db))!;
        var app = WebApp.Build(
        [
            "--applicationName=CallCenter.Web",
            $"--contentRoot={folder}",
            "--environment=Production",
            "--urls=http://127.0.0.1:0",
            "--Database:Provider=Sqlite",
            $"--ConnectionStrings:CallCenter=Data Source={Path.GetFullPath(db)}",
            "--Demo:Seed=false",
            $"--DataProtection:KeyFile={Path.GetFullPath(db)}.key",
            "--RateLimits:AnonymousApiPerMinute=0",
            "--RateLimits:SignInPerMinute=0",
            // Only warnings, and on stderr: the child's stdout carries the measurements.
            "--Logging:LogLevel:Default=Warning",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        ]);
        // The floor: the API's search with the same key check, the key's town scope read as the API reads it (a
        // primary-key lookup per request) and the same JSON, but outside /api, so no audit row is written.
        app.MapGet("/bench/residents/search", async (string q, ResidentSearch search, TownAccess access, HttpContext http,
                CancellationToken cancellationToken) =>
            {
                var hits = await search.SearchAsync(q, await access.ScopeAsync(http.User, cancellationToken), 20, cancellationToken);
                var towns = await access.TownsAsync(cancellationToken);
                return Results.Ok(hits.Select(h => ResidentJson.From(h.Resident, towns)));
            })
            .RequireAuthorization(Policies.ApiRead);
        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    private static async Task<List<Measurement>> SearchAsync(WebApplication app, int rows)
    {
        var key = (await app.Services.GetRequiredService<ApiKeyRepository>().CreateAsync("ベンチマーク", ApiKeyScope.Read, "bench")).Secret;
        var connections = app.Services.GetRequiredService<ConnectionFactory>();
        var writer = app.Services.GetRequiredService<GroupCommitWriter>();
        var queries = await QueriesAsync(connections);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false }) { BaseAddress = Address(app) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var results = new List<Measurement>();
        foreach (var c in Levels)
        {
            foreach (var (path, floor) in new[] { ("api/residents/search?q=", false), ("bench/residents/search?q=", true) })
            {
                await LoadAsync(client, path, queries, c, Math.Max(c * 10, Requests / 5));
                var (auditBefore, transactionsBefore) = (await AuditCountAsync(connections), writer.CommittedTransactions);
                var watch = Stopwatch.StartNew();
                var times = await LoadAsync(client, path, queries, c, Requests);
                var seconds = watch.Elapsed.TotalSeconds;
                var audited = await AuditCountAsync(connections) - auditBefore;
                var transactions = writer.CommittedTransactions - transactionsBefore;
                results.Add(Result(floor ? "api-search-floor-c" + c : "api-search-c" + c, rows, times, seconds,
                    $"{times.Count} requests; {audited} audit rows in {transactions} writer transactions"));
            }
        }
        return results;
    }

    private static async Task<List<double>> LoadAsync(HttpClient client, string path, IReadOnlyList<string> queries, int concurrency, int requests)
    {
        var times = new double[requests];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path + Uri.EscapeDataString(queries[i % queries.Count]));
                await response.Content.ReadAsByteArrayAsync();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
                }
            }
        })));
        return [.. times];
    }

    private static async Task<long> AuditCountAsync(ConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM AuditLog");
    }

    private sealed record Sampled(long ResidentId, string ResidentNo, string FamilyName, string GivenName, string FamilyNameKana, string GivenNameKana);

    private const string SampleSql = """
        SELECT ResidentId, ResidentNo, FamilyName, GivenName, FamilyNameKana, GivenNameKana
          FROM Residents
         WHERE ResidentId % @Step = 0
         LIMIT @Take
        """;

    private static async Task<List<Sampled>> SampleAsync(ConnectionFactory connections, int take)
    {
        await using var connection = await connections.OpenAsync();
        var count = await connection.ExecuteScalarAsync<int>("SELECT MAX(ResidentId) FROM Residents");
        return (await connection.QueryAsync<Sampled>(SampleSql, new { Step = Math.Max(1, count / take - 1), Take = take })).AsList();
    }

    private static async Task<List<string>> QueriesAsync(ConnectionFactory connections)
    {
        static string Hiragana(string katakana) => new(katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c).ToArray());
        return (await SampleAsync(connections, 300))
            .SelectMany(p => new[] { $"{Hiragana(p.FamilyNameKana)} {Hiragana(p.GivenNameKana)}", p.FamilyName + p.GivenName, p.ResidentNo })
            .ToList();
    }

    private static async Task<List<Measurement>> SaveAsync(WebApplication app, int rows)
    {
        var connections = app.Services.GetRequiredService<ConnectionFactory>();
        var service = app.Services.GetRequiredService<CallRecordingService>();
        var by = new OperatorContext(null, "bench", "会津若松");
        // 1,000 saves a level (by default): a p95 on 50 of them, not 20 (400 saves gave p95s from 5 to 37 ms at C = 30).
        var saves = Math.Max(Levels[^1] * 2, Requests / 2);
        var people = await SampleAsync(connections, saves * 5);
        var batches = people.Chunk(5).Where(c => c.Length == 5).ToList();
        var results = new List<Measurement>();
        foreach (var c in Levels)
        {
            // Untimed pass, then the product and the floor at this C, each on every household batch once.
            await RunSavesAsync(batches.Take(c * 2).ToList(), c, batch => PrepareSaveAsync(service, connections, by, batch));
            var watch = Stopwatch.StartNew();
            var times = await RunSavesAsync(batches, c, batch => PrepareSaveAsync(service, connections, by, batch));
            results.Add(Result("save-call-c" + c, rows, times, watch.Elapsed.TotalSeconds, $"{times.Count} calls of 5 reports"));
            watch.Restart();
            var floorTimes = await RunSavesAsync(batches, c, batch => PrepareFloorSave(connections, batch));
            results.Add(Result("save-call-floor-c" + c, rows, floorTimes, watch.Elapsed.TotalSeconds, $"{floorTimes.Count} calls"));
        }
        return results;
    }

    // Each client takes the next household batch (no two clients on the same persons). What a save needs first (the
    // versions the form was opened with) is read untimed; the timed part starts before the save is handed to the thread
    // pool, so a wait for a free thread (saves block one while SQLite's write lock is busy) counts, as it does for a page.
    // The continuation that starts a client's next save waits for a thread untimed: see Description.
    private static async Task<List<double>> RunSavesAsync(IReadOnlyList<Sampled[]> batches, int concurrency, Func<Sampled[], Task<Func<Task>>> prepare)
    {
        var times = new ConcurrentBag<double>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Count)
            {
                var save = await prepare(batches[i]);
                var start = Stopwatch.GetTimestamp();
                await Task.Run(save);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        return [.. times];
    }

    private static async Task<Func<Task>> PrepareSaveAsync(CallRecordingService service, ConnectionFactory connections, OperatorContext by, Sampled[] batch)
    {
        var versions = new List<int>();
        await using (var connection = await connections.OpenAsync())
        {
            foreach (var p in batch)
            {
                versions.Add(await connection.ExecuteScalarAsync<int>("SELECT Version FROM Residents WHERE ResidentId = @ResidentId", new { p.ResidentId }));
            }
        }
        var draft = new CallDraft(CallDirection.Inbound, "佐藤 一郎", "090-1234-5678", "子", null,
            batch.Select((p, i) => new PersonReportDraft((int)p.ResidentId, versions[i], SafetyStatus.Safe, ReportSource.Family,
                WhereaboutsType.Shelter, 7, "会津若松市", "第二中学校体育館", "090-1234-5678", new Consent(true, true, false), "ベンチマーク")).ToList(),
            WrapUpCodeId: 1);
        return async () =>
        {
            var result = await service.SaveAsync(draft, by);
            if (!result.Saved)
            {
                throw new InvalidOperationException("save failed: " + string.Join("; ", result.Errors.Select(e => e.Message)));
            }
        };
    }

    private static Task<Func<Task>> PrepareFloorSave(ConnectionFactory connections, Sampled[] batch) => Task.FromResult<Func<Task>>(async () =>
    {
        var now = DateTime.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connections.BeginWriteAsync(connection);
        var callId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO Calls (Direction, CallerName, StartedAt) VALUES (1, '佐藤 一郎', @now); SELECT last_insert_rowid();", new { now }, transaction);
        foreach (var p in batch)
        {
            var reportId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO SafetyReports (ResidentId, CallId, Status, Source, ReportedAt, RecordedAt) VALUES (@ResidentId, @callId, 1, 2, @now, @now); SELECT last_insert_rowid();",
                new { p.ResidentId, callId, now }, transaction);
            await connection.ExecuteAsync("UPDATE Residents SET Status = 1, StatusReportId = @reportId WHERE ResidentId = @ResidentId",
                new { reportId, p.ResidentId }, transaction);
        }
        await transaction.CommitAsync();
    });

    private static Measurement Result(string scenario, int rows, List<double> times, double seconds, string detail)
    {
        var p50 = ConsoleScenarios.Percentile(times, 50);
        var p95 = ConsoleScenarios.Percentile(times, 95);
        return new Measurement(scenario, rows, p50 / 1000, Measurement.PeakResidentMegabytes(),
            string.Create(CultureInfo.InvariantCulture, $"p50 {p50:0.00} ms; p95 {p95:0.00} ms; {times.Count / seconds:0} per second; {detail}"));
    }
}
