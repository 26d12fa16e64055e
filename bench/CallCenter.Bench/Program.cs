using System.Diagnostics;
using System.Globalization;
using System.Text;
using CallCenter.Bench;
using CallCenter.Data.Demo;

// Child mode: run one scenario in this process and print its measurement as JSON on the last line.
if (args.Length >= 1 && args[0] == "--scenario")
{
    var scenario = args[1];
    var rows = int.Parse(args[2], CultureInfo.InvariantCulture);
    var csv = args[3];
    var db = args[4];
    if (scenario == "register-csv")
    {
        // Writes the bench register file alone (for running single scenarios by hand).
        await using var file = File.Create(csv);
        DemoTownGenerator.WriteRegisterCsv(file, rows);
        return 0;
    }
    var measurement = scenario switch
    {
        "import" => await ImportScenarios.ImportAsync(csv, db, rows),
        "import-floor" => await ImportScenarios.FloorAsync(csv, db, rows),
        "import-warm" => await ImportScenarios.ImportWarmAsync(csv, db, rows),
        "import-floor-warm" => await ImportScenarios.FloorWarmAsync(csv, db, rows),
        "export-utf8" => await ExportScenarios.ExportAsync(db, rows, CallCenter.Data.Exports.ExportEncoding.Utf8),
        "export-cp932" => await ExportScenarios.ExportAsync(db, rows, CallCenter.Data.Exports.ExportEncoding.Cp932),
        "export-xlsx" => await ExportScenarios.ExportAsync(db, rows, CallCenter.Data.Exports.ExportEncoding.Utf8, CallCenter.Data.Exports.ExportFormat.Xlsx),
        "export-floor-utf8" => await ExportScenarios.FloorAsync(db, rows, CallCenter.Data.Exports.ExportEncoding.Utf8),
        "export-floor-cp932" => await ExportScenarios.FloorAsync(db, rows, CallCenter.Data.Exports.ExportEncoding.Cp932),
        "status-import" => await StatusImportScenarios.ImportAsync(db),
        "status-import-floor" => await StatusImportScenarios.FloorAsync(db),
        "intention-import" => await IntentionImportScenarios.ImportAsync(db),
        "intention-import-floor" => await IntentionImportScenarios.FloorAsync(db),
        "activity" => await BenchActivity.AddAsync(db, rows),
        // Issue 19: csv is the folder of the eight towns' register files.
        "towns-import" => await TownScenarios.ImportAsync(csv, db, rows),
        "towns-import-floor" => await TownScenarios.FloorAsync(csv, db, rows),
        "outbound-rebuild" => await OutboundScenarios.RebuildAsync(db, rows),
        "outbound-rebuild-floor" => await OutboundScenarios.RebuildFloorAsync(db, rows),
        _ => null,
    };
    if (measurement is not null)
    {
        Console.WriteLine(measurement.ToJson());
        return 0;
    }
    if (ConcurrencyScenarios.Names.Contains(scenario))
    {
        (await ConcurrencyScenarios.RunAsync(scenario, db, rows)).ForEach(m => Console.WriteLine(m.ToJson()));
        return 0;
    }
    var (product, floor) = scenario switch
    {
        "search" => await ConsoleScenarios.SearchAsync(db, rows, queries: 2000),
        // At least 1,000 samples each, so that a p95 rests on 50 of them.
        "save-call" => await ConsoleScenarios.SaveAsync(db, rows, calls: 1000),
        "dashboard" => await DashboardScenarios.LoadAsync(db, rows, loads: 1000),
        "intention-summary" => await IntentionScenarios.LoadAsync(db, rows, loads: 1000),
        "claim-next" => await OutboundScenarios.ClaimAsync(db, rows, claims: 1000),
        "search-refresh" => await SearchRefreshScenario.RunAsync(db, rows),
        "requests-summary" => await RequestSummaryScenario.RunAsync(db, rows, loads: 1000),
        "towns-search" => await TownScenarios.SearchAsync(db, rows, queries: 1000),
        "towns-dashboard" => await TownScenarios.DashboardAsync(db, rows, loads: 1000),
        "requests-summary-filtered" => await RequestSummaryFilteredScenario.RunAsync(db, rows, loads: 1000),
        _ => throw new ArgumentException($"unknown scenario {scenario}"),
    };
    Console.WriteLine(product.ToJson());
    Console.WriteLine(floor.ToJson());
    return 0;
}

var quick = args.Contains("--quick");
var output = Option("--out") ?? Path.Combine(RepoRoot(), "bench", "results.md");
// --work DIR: where the generated register files are kept between runs (they are the same every time); each run works
// in a new folder of its own under it, removed at the end unless --keep.
var root = Path.GetFullPath(Option("--work") ?? Path.Combine(Path.GetTempPath(), "callcenter-bench"));
var work = Path.Combine(root, $"run-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
Directory.CreateDirectory(work);
Console.WriteLine($"working in {work}");
int[] sizes = quick ? [11_500] : [11_500, 1_000_000];
var activities = new List<Measurement>();

var results = new List<(Measurement Product, Measurement Floor, string Goal)>();
var consoleResults = new List<(Measurement Product, Measurement Floor, string Goal)>();
var concurrencyResults = new List<(Measurement Product, Measurement Floor)>();
// A town's exports' first runs in their fresh processes (the table shows each process's second run).
var firstExports = new List<string>();
foreach (var size in sizes)
{
    var csv = Path.Combine(root, $"register-{size}.csv");
    if (!File.Exists(csv))
    {
        Console.WriteLine($"generating {size:N0} residents ...");
        // Written under a name of this run's and renamed at once: a run beside this one never reads half a file.
        var part = Path.Combine(work, Path.GetFileName(csv));
        await using (var file = File.Create(part))
        {
            DemoTownGenerator.WriteRegisterCsv(file, size);
        }
        File.Move(part, csv, overwrite: true);
    }
    // Small sizes are repeated and the median kept; the million-row runs once.
    var repeats = size <= 20_000 ? 5 : 1;
    var product = Median(Enumerable.Range(0, repeats).Select(_ => RunChild("import", size, csv, Path.Combine(work, "bench.db"))).ToList());
    var floor = Median(Enumerable.Range(0, repeats).Select(_ => RunChild("import-floor", size, csv, Path.Combine(work, "floor.db"))).ToList());
    results.Add((product, floor, size == 11_500 ? "≤ 0.5 s" : "≤ 45 s, flat memory"));
    Console.WriteLine($"import {size:N0}: {product.Seconds:0.000} s (floor {floor.Seconds:0.000} s), peak {product.PeakMegabytes:0} MB");

    // The console on the register the last import run left in bench.db, once a month of activity is added to it.
    var db = Path.Combine(work, "bench.db");
    var activity = RunChild("activity", size, csv, db);
    activities.Add(activity);
    Console.WriteLine($"activity {size:N0}: {activity.Seconds:0.0} s, {activity.Detail}");
    var (search, searchFloor) = RunPair("search", size, csv, db);
    consoleResults.Add((search, searchFloor, size == 11_500 ? "p95 ≤ 1 ms" : "p95 ≤ 3 ms"));
    Console.WriteLine($"search {size:N0}: {search.Detail} (floor {searchFloor.Detail})");
    var (refresh, refreshFloor) = RunPair("search-refresh", size, csv, db);
    consoleResults.Add((refresh, refreshFloor, "grows with the changed rows, not the register"));
    Console.WriteLine($"search-refresh {size:N0}: {refresh.Detail} (floor {refreshFloor.Detail})");
    var (save, saveFloor) = RunPair("save-call", size, csv, db);
    consoleResults.Add((save, saveFloor, "p95 ≤ 10 ms"));
    Console.WriteLine($"save-call {size:N0}: {save.Detail} (floor {saveFloor.Detail})");
    Measurement? utf8Export = null;
    double? firstUtf8 = null;
    foreach (var encoding in new[] { "utf8", "cp932" })
    {
        // A town's export is a fresh process's first tenth of a second (connection, encoding tables, code the JIT has
        // not recompiled), so one run of each says little: small sizes run five of each, product and floor in turn,
        // and keep each one's median, as the import does.
        var exports = new List<Measurement>();
        var exportFloors = new List<Measurement>();
        foreach (var _ in Enumerable.Range(0, repeats))
        {
            exports.Add(RunChild("export-" + encoding, size, csv, db));
            exportFloors.Add(RunChild("export-floor-" + encoding, size, csv, db));
        }
        var export = Median(exports);
        var exportFloor = Median(exportFloors);
        if (FirstMedian(exports) is { } first && FirstMedian(exportFloors) is { } firstFloor)
        {
            firstUtf8 ??= first;
            firstExports.Add(string.Create(CultureInfo.InvariantCulture,
                $"{(encoding == "utf8" ? "UTF-8" : "CP932")} {size:N0} rows {first:0.000} s, floor {firstFloor:0.000} s, {first / firstFloor:0.00}×"));
        }
        results.Add((export, exportFloor, size == 11_500 ? "≤ 0.3 s, ≤ 1.3× the floor" : "≤ 1.3× the floor, flat memory"));
        Console.WriteLine($"export {encoding} {size:N0}: {export.Seconds:0.000} s (floor {exportFloor.Seconds:0.000} s), peak {export.PeakMegabytes:0} MB");
        utf8Export ??= export;
    }
    // The .xlsx of the same rows, beside the UTF-8 CSV export just measured (the issue's bar: within 1.5× of it).
    var xlsxExports = Enumerable.Range(0, repeats).Select(_ => RunChild("export-xlsx", size, csv, db)).ToList();
    var xlsxExport = Median(xlsxExports);
    if (FirstMedian(xlsxExports) is { } firstXlsx && firstUtf8 is { } firstCsv)
    {
        firstExports.Add(string.Create(CultureInfo.InvariantCulture,
            $".xlsx {size:N0} rows {firstXlsx:0.000} s, {firstXlsx / firstCsv:0.00}× the UTF-8 CSV's first run"));
    }
    results.Add((xlsxExport, utf8Export!, "≤ 1.5× the CSV export, flat memory"));
    Console.WriteLine($"export xlsx {size:N0}: {xlsxExport.Seconds:0.000} s (CSV {utf8Export!.Seconds:0.000} s), peak {xlsxExport.PeakMegabytes:0} MB, {xlsxExport.Detail}");
    var (dashboard, dashboardFloor) = RunPair("dashboard", size, csv, db);
    consoleResults.Add((dashboard, dashboardFloor, size == 11_500 ? "p95 ≤ 5 ms" : "p95 ≤ 50 ms"));
    Console.WriteLine($"dashboard {size:N0}: {dashboard.Detail} (floor {dashboardFloor.Detail})");
    var (intentions, intentionsFloor) = RunPair("intention-summary", size, csv, db);
    consoleResults.Add((intentions, intentionsFloor, size == 11_500 ? "p95 ≤ 5 ms" : "p95 ≤ 50 ms"));
    Console.WriteLine($"intention-summary {size:N0}: {intentions.Detail} (floor {intentionsFloor.Detail})");
    var rebuildRepeats = size <= 20_000 ? 3 : 1;
    var rebuildFloor = Median(Enumerable.Range(0, rebuildRepeats).Select(_ => RunChild("outbound-rebuild-floor", size, csv, db)).ToList());
    var rebuild = Median(Enumerable.Range(0, rebuildRepeats).Select(_ => RunChild("outbound-rebuild", size, csv, db)).ToList());
    results.Add((rebuild, rebuildFloor, "none set (the product never holds the write lock for long)"));
    Console.WriteLine($"outbound-rebuild {size:N0}: {rebuild.Seconds:0.000} s (floor {rebuildFloor.Seconds:0.000} s), {rebuild.Detail}");
    var (claim, claimFloor) = RunPair("claim-next", size, csv, db);
    consoleResults.Add((claim, claimFloor, "p95 ≤ 10 ms"));
    Console.WriteLine($"claim-next {size:N0}: {claim.Detail} (floor {claimFloor.Detail})");
    var (requestSummary, requestSummaryFloor) = RunPair("requests-summary", size, csv, db);
    consoleResults.Add((requestSummary, requestSummaryFloor, size == 11_500 ? "p95 ≤ 5 ms" : "p95 ≤ 50 ms"));
    Console.WriteLine($"requests-summary {size:N0}: {requestSummary.Detail} (floor {requestSummaryFloor.Detail})");
    // On the requests the scenario above left in bench.db.
    var (filteredSummary, filteredSummaryFloor) = RunPair("requests-summary-filtered", size, csv, db);
    consoleResults.Add((filteredSummary, filteredSummaryFloor, size == 11_500 ? "p95 ≤ 5 ms" : "p95 ≤ 50 ms"));
    Console.WriteLine($"requests-summary-filtered {size:N0}: {filteredSummary.Detail} (floor {filteredSummaryFloor.Detail})");
    if (size <= 20_000)
    {
        // A shelter's list of 1,000 lines into the town's register (each run on a fresh copy of bench.db).
        var status = Median(Enumerable.Range(0, 3).Select(_ => RunChild("status-import", size, csv, db)).ToList());
        var statusFloor = Median(Enumerable.Range(0, 3).Select(_ => RunChild("status-import-floor", size, csv, db)).ToList());
        results.Add((status, statusFloor, "≤ 1 s"));
        Console.WriteLine($"status-import {status.Rows:N0} lines: {status.Seconds:0.000} s (floor {statusFloor.Seconds:0.000} s), {status.Detail}");
    }
    // Postal returns of the intention survey: one answer per household (350,000 at 1,000,000 residents), each run on a copy.
    var answers = RunChild("intention-import", size, csv, db);
    var answersFloor = RunChild("intention-import-floor", size, csv, db);
    results.Add((answers, answersFloor, "≤ 20 s at 350,000 answers"));
    Console.WriteLine($"intention-import {answers.Rows:N0} answers: {answers.Seconds:0.000} s (floor {answersFloor.Seconds:0.000} s), {answers.Detail}");
    // Last on this register: C concurrent API searches and call saves (they add audit rows and reports to bench.db).
    concurrencyResults.AddRange(ConcurrencyScenarios.Measure(size, csv, db, RunChildLines));
}

// Issue 19: a joint call center of 70,000 residents in 8 towns (the numbers collide between towns).
{
    const int townRows = 70_000;
    var townsDb = Path.Combine(work, "towns.db");
    var townImport = Median(Enumerable.Range(0, 3).Select(_ => RunChild("towns-import", townRows, root, townsDb)).ToList());
    var townImportFloor = Median(Enumerable.Range(0, 3).Select(_ => RunChild("towns-import-floor", townRows, root, Path.Combine(work, "towns-floor.db"))).ToList());
    results.Add((townImport, townImportFloor, "none set (8 imports of 8,750)"));
    Console.WriteLine($"towns-import {townRows:N0}: {townImport.Seconds:0.000} s (floor {townImportFloor.Seconds:0.000} s)");
    foreach (var scenario in new[] { "towns-search", "save-call", "towns-dashboard" })
    {
        var (product, floor) = RunPair(scenario, townRows, root, townsDb);
        consoleResults.Add((product, floor, scenario == "towns-search" ? "p95 ≤ 3 ms" : scenario == "save-call" ? "p95 ≤ 10 ms" : "p95 ≤ 50 ms"));
        Console.WriteLine($"{scenario} {townRows:N0} in 8 towns: {product.Detail} (floor {floor.Detail})");
    }
}

var table = new StringBuilder();
table.AppendLine("| scenario | rows | time | floor | ratio | peak memory | floor peak memory | goal |");
table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var (product, floor, goal) in results)
{
    var label = product.Scenario switch
    {
        "export-Utf8" => "residents export, UTF-8 with BOM (SQLite; floor: raw dump of the same statement, reader → bytes)",
        "export-Cp932" => "residents export, CP932 (SQLite; floor: raw dump of the same statement, reader → CP932 bytes)",
        "export-xlsx" => "residents export, .xlsx (SQLite; floor: the UTF-8 CSV export above)",
        "status-import" => "status-list import into 11,500 residents (SQLite; floor: the same writes by prepared raw SQL)",
        "outbound-rebuild" => "outbound queue rebuild from empty (SQLite; floor: the same rows by one INSERT … SELECT in one transaction)",
        "intention-import" => "intention survey: postal answers imported into a round, one per household (SQLite; floor: the same rows by prepared INSERTs into the same tables with the count triggers paused, the round counted in the client, one transaction)",
        "towns-import" => "resident-register imports of 8 towns (8,750 each, colliding numbers) into an empty database, one per town (SQLite; floor: the same rows by prepared INSERTs into the same tables, one transaction per town)",
        "import" => "resident-register import into an empty register (SQLite; floor: the same rows by prepared INSERTs into the same tables and indexes, one transaction)",
        _ => "resident-register import (SQLite)",
    };
    table.AppendLine(CultureInfo.InvariantCulture,
        $"| {label} | {product.Rows:N0} | {product.Seconds:0.000} s | {floor.Seconds:0.000} s | {product.Seconds / floor.Seconds:0.00}× | {product.PeakMegabytes:0} MB | {floor.PeakMegabytes:0} MB | {goal} |");
}
if (firstExports.Count > 0)
{
    table.AppendLine();
    table.AppendLine("A town's exports, first run in a fresh process (the runtime compiling the code each side runs, the connection and the encoding's tables loading; medians of the same five runs): " + string.Join("; ", firstExports) + ".");
}
table.AppendLine();
table.AppendLine("| scenario | residents | p50 | p95 | floor p50 | floor p95 | ratio (p95) | goal |");
table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var (product, floor, goal) in consoleResults)
{
    var (p50, p95) = Percentiles(product.Detail);
    var (f50, f95) = Percentiles(floor.Detail);
    var label = product.Scenario switch
    {
        "towns-search" => "search by full reading in a joint center of 8 towns, alternately one town's scope and all towns (SQLite; floor: one indexed lookup of the family reading in the town)",
        "towns-dashboard" => "dashboard of one town in turn and of all 8 towns (SQLite; floor: only the headline counts by GROUP BY over the chosen towns' residents)",
        "search" => "search, mixed realistic queries (SQLite; floor: one indexed lookup of the same key)",
        "dashboard" => "all dashboard figures, 4 filters in turn (SQLite; floor: the same figures by plain GROUP BY on the base tables)",
        "intention-summary" => "intention summary, the town and each of 4 groupings in turn (SQLite; floor: the same figures by plain GROUP BY on the register and answers)",
        "claim-next" => "outbound 「次へ」: release and claim the next household (SQLite; floor: release, first free queue row, claim insert)",
        "requests-summary" => "requests summary by category, district, prefecture, age band and month (SQLite; floor: the same figures by plain GROUP BY over Requests and Residents)",
        "requests-summary-filtered" => "requests summary under filters and a cross table of two dimensions, 4 filters in turn (SQLite; floor: the same figures by plain GROUP BY over Requests, no index, and Residents)",
        "search-refresh" => "search index refresh after one resident changed (SQLite; floor: the stamp and the changed row read in one read transaction)",
        _ => "save a call with 5 household reports (SQLite; floor: call, 5 reports, 5 status updates in one transaction)",
    };
    table.AppendLine(CultureInfo.InvariantCulture,
        $"| {label} | {product.Rows:N0} | {p50:0.00} ms | {p95:0.00} ms | {f50:0.00} ms | {f95:0.00} ms | {p95 / f95:0.0}× | {goal} |");
}

var header = $"""
    # Benchmark results

    Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd} (UTC).
    Each scenario runs in its own process; peak memory is that process's peak resident set (VmHWM).
    Import floor: the same rows read with the same CSV reader and inserted by two SqliteCommands prepared once
    (parameters reused) into the same tables with the same indexes, in one transaction, without validation,
    normalization or upsert. Ratio = time / floor.
    Search: 2,000 queries built from randomly chosen residents (hiragana full name, hiragana family name,
    family name plus the first kana of the given name as typed so far, kanji name without a space, kanji
    family name with a 和暦 birth date, katakana name with a western birth date, resident number, kanji
    family name with a hiragana given name, phone when the resident has one);
    floor: one indexed lookup of the same key (family-name key, birth date, phone or number), 20 rows.
    Both are timed after one untimed pass over the same 2,000 queries (a running server is warm).
    Save: 1,000 calls, each with 5 reports (call, links, reports, current status, audit rows, version check) in
    one transaction; floor: the call, 5 report inserts and 5 status updates in one transaction.
    Export: every resident with status and whereabouts (20 columns, labels, Japan times) to a file, in UTF-8
    with BOM and in CP932 (with the 〓 check and the formula guard); floor: a raw dump of the product's own statement
    at native speed: the DbDataReader read by ordinal, text encoded straight into one reused byte buffer (quoted
    when needed), integers formatted into it, no per-row object, no label, no time conversion, no guard, no 〓
    check (what `sqlite3 -csv` does). Goal: within 1.3× of it. Peak memory shows the rows are streamed. Each run is a fresh
    process; at town size five of each run in turn and the medians are shown, and each process exports twice, product
    and floor alike: the table shows the second (as a running server exports), the first (JIT included) follows it.
    Export .xlsx: the same rows as typed cells (SpreadCheetah, streamed, fastest compression); its floor column is the
    UTF-8 CSV export of the same rows, so the ratio is .xlsx time / CSV time.
    Dashboard: every figure of the supervisors' dashboard for no filter, one district, vulnerable only and one
    site in turn, 1,000 loads, on the register with its activity (below), read from the summaries the triggers keep;
    floor: the SAME figures computed by the best plain SQL on the base tables (GROUP BY over Residents, Calls and
    SafetyReports with their indexes, narrowed in SQL to the filter, no summary table) and shaped by the same code;
    the bench fails if any floor figure differs from the product's. Floor loads: 1,000 or as many as fit in a minute
    (at least 20). A ratio below 1 is what the summaries gain over the plain query.
    Outbound 「次へ」: 20 operators in turn give up their household and claim the next (200 claims; callbacks,
    assigned and open districts, a re-check of the candidate's members, the claim and its audit row, in one
    BEGIN IMMEDIATE transaction); floor: the release, the first free row of the queue index and the claim insert
    in one such transaction. The queue is built once before (its build time is in the detail). 1,000 claims.
    Outbound queue rebuild: the queue built from empty by OutboundQueue.RebuildAsync (ranges of households read,
    differences written in ~50 ms write transactions with 160 ms gaps so that operators' saves get in); floor: the
    same rows by the product's own range statement over all households in one INSERT … SELECT, in one write
    transaction (holding the write lock throughout, which the product must not do).
    Status-list import: a shelter's list of 1,000 lines (a third with 住民番号, the rest matched by reading,
    birth date and sex; 2 % not in the register) committed into a copy of the 11,500-resident register:
    parse, match, reports with current status, review-queue rows and audit in one transaction; floor: the same
    writes (batch, queue rows, reports, statuses with the first confirmation, audit) with raw SQL through commands
    prepared once, in one transaction, resident ids known beforehand.
    Register activity (bench/CallCenter.Bench/BenchActivity.cs), added after the last import and before every
    scenario after it: the disaster 30 days ago, 60 operators at two sites with open sessions, one call per resident
    (front-loaded), three reports per resident (in that call, a shelter list, an agency; a quarter of the residents
    still 未確認), and today 20,000 calls with one report each; current statuses from the newest reports, summaries
    through the triggers. Set-based SQL in one transaction: {string.Join("; ", activities.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Rows:N0} residents in {a.Seconds:0.0} s ({a.Detail})")))}.
    Each run works in its own folder under --work (default: the system temp folder), removed at the end unless --keep;
    only the generated register files are kept there between runs. Run it with nothing else on the machine.

    """;
table.Append(ConcurrencyScenarios.Table(concurrencyResults));
// The search's per-kind detail and its index's load time and memory, as each size's search run wrote them.
var searchDetail = string.Concat(sizes.Select(s => SearchIndexScenario.DetailPath(work, s)).Where(File.Exists).Select(File.ReadAllText));
// The capacity benchmark's sections (bench/capacity.sh, between their own <!-- capacity…:start/end --> markers) are
// another harness's results: kept as they are.
var kept = File.Exists(output)
    ? string.Concat(System.Text.RegularExpressions.Regex.Matches(await File.ReadAllTextAsync(output),
            @"<!-- (capacity[\w-]*):start -->[\s\S]*?<!-- \1:end -->")
        .Select(m => Environment.NewLine + m.Value + Environment.NewLine))
    : "";
await File.WriteAllTextAsync(output, header + ConcurrencyScenarios.Description + Environment.NewLine + table + searchDetail + kept);
if (!args.Contains("--keep"))
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}
Console.WriteLine();
Console.WriteLine(table);
Console.WriteLine($"written to {output}");
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// "p50 X ms; p95 Y ms; …", or per group ("one town p50 X ms, p95 Y ms; all towns p50 …"): the worst group's.
static (double P50, double P95) Percentiles(string detail)
{
    double Worst(string percentile) => System.Text.RegularExpressions.Regex.Matches(detail, percentile + @" ([0-9.]+) ms")
        .Max(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    return (Worst("p50"), Worst("p95"));
}

static (Measurement Product, Measurement Floor) RunPair(string scenario, int rows, string csv, string db)
{
    var lines = RunChildLines(scenario, rows, csv, db);
    return (Measurement.FromJson(lines[^2]), Measurement.FromJson(lines[^1]));
}

static Measurement Median(List<Measurement> runs) =>
    runs.OrderBy(m => m.Seconds).ElementAt(runs.Count / 2);

// The median of the runs' first runs in their processes (null when they ran once).
static double? FirstMedian(List<Measurement> runs) =>
    runs.All(m => m.FirstSeconds is not null) ? runs.Select(m => m.FirstSeconds!.Value).Order().ElementAt(runs.Count / 2) : null;

static Measurement RunChild(string scenario, int rows, string csv, string db) =>
    Measurement.FromJson(RunChildLines(scenario, rows, csv, db)[^1]);

static string[] RunChildLines(string scenario, int rows, string csv, string db)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(Measurement).Assembly.Location);
    }
    foreach (var a in new[] { "--scenario", scenario, rows.ToString(CultureInfo.InvariantCulture), csv, db })
    {
        start.ArgumentList.Add(a);
    }
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEnd();
    var stderr = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{scenario} {rows} failed: {stderr}");
    }
    return stdout.Trim().Split('\n');
}

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallCenter.sln")))
    {
        dir = dir.Parent;
    }
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
