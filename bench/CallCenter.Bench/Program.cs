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
    var measurement = scenario switch
    {
        "import" => await ImportScenarios.ImportAsync(csv, db, rows),
        "import-floor" => await ImportScenarios.FloorAsync(csv, db, rows),
        _ => throw new ArgumentException($"unknown scenario {scenario}"),
    };
    Console.WriteLine(measurement.ToJson());
    return 0;
}

var quick = args.Contains("--quick");
var output = Option("--out") ?? Path.Combine(RepoRoot(), "bench", "results.md");
var work = Option("--work") ?? Path.Combine(Path.GetTempPath(), "callcenter-bench");
Directory.CreateDirectory(work);
int[] sizes = quick ? [11_500] : [11_500, 1_000_000];

var results = new List<(Measurement Product, Measurement Floor, string Goal)>();
foreach (var size in sizes)
{
    var csv = Path.Combine(work, $"register-{size}.csv");
    if (!File.Exists(csv))
    {
        Console.WriteLine($"generating {size:N0} residents ...");
        await using var file = File.Create(csv);
        DemoTownGenerator.WriteRegisterCsv(file, size);
    }
    // Small sizes are repeated and the median kept; the million-row runs once.
    var repeats = size <= 20_000 ? 5 : 1;
    var product = Median(Enumerable.Range(0, repeats).Select(_ => RunChild("import", size, csv, Path.Combine(work, "bench.db"))).ToList());
    var floor = Median(Enumerable.Range(0, repeats).Select(_ => RunChild("import-floor", size, csv, Path.Combine(work, "floor.db"))).ToList());
    results.Add((product, floor, size == 11_500 ? "< 2 s" : "flat memory"));
    Console.WriteLine($"import {size:N0}: {product.Seconds:0.000} s (floor {floor.Seconds:0.000} s), peak {product.PeakMegabytes:0} MB");
}

var table = new StringBuilder();
table.AppendLine("| scenario | rows | time | floor | ratio | peak memory | floor peak memory | goal |");
table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
foreach (var (product, floor, goal) in results)
{
    table.AppendLine(CultureInfo.InvariantCulture,
        $"| resident-register import (SQLite) | {product.Rows:N0} | {product.Seconds:0.000} s | {floor.Seconds:0.000} s | {product.Seconds / floor.Seconds:0.00}× | {product.PeakMegabytes:0} MB | {floor.PeakMegabytes:0} MB | {goal} |");
}
var header = $"""
    # Benchmark results

    Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd} (UTC).
    Each scenario runs in its own process; peak memory is that process's peak resident set (VmHWM).
    Floor: the same rows read with the same CSV reader and inserted with Dapper's multi-row Execute in one
    transaction, without validation, normalization or upsert. Ratio = time / floor.

    """;
await File.WriteAllTextAsync(output, header + Environment.NewLine + table);
Console.WriteLine();
Console.WriteLine(table);
Console.WriteLine($"written to {output}");
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static Measurement Median(List<Measurement> runs) =>
    runs.OrderBy(m => m.Seconds).ElementAt(runs.Count / 2);

static Measurement RunChild(string scenario, int rows, string csv, string db)
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
    return Measurement.FromJson(stdout.Trim().Split('\n')[^1]);
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
