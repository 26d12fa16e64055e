using System.Globalization;
using System.Text;

namespace CallCenter.Capacity;

/// <summary>The capacity section of bench/results.md, between its own markers (the rest of the file is the other benchmark's).</summary>
public static class CapacityReport
{
    public const string Start = "<!-- capacity:start -->";
    public const string End = "<!-- capacity:end -->";
    public const string FloorStart = "<!-- capacity-floor:start -->";
    public const string FloorEnd = "<!-- capacity-floor:end -->";

    public static string Markdown(CapacityOptions options, IReadOnlyList<RunResult> runs)
    {
        var md = new StringBuilder();
        void Line(FormattableString s) => md.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        if (options.IsFloor)
        {
            Line($"## Capacity floor: the same loop against a bare Blazor Server app (bench/capacity.sh --floor)");
            md.AppendLine();
            Line($"The floor of the figures below: bench/CallCenter.CapacityFloor serves the same loop on the same stack and database — interactive server rendering over one circuit per browser, the product's search-box script (one event per search) — with nothing else: no MudBlazor, no layout or menu, no accounts (its sign-in form only opens the search), no presence, plain markup (20 result rows; the resident, the household and the 10 newest reports), raw prepared SQL on a pooled connection and one plain audit INSERT per search and per view. Its search is a dictionary of the exact texts typed. No calls are recorded, so compare it with a product run made with --no-calls.");
            md.AppendLine();
        }
        else
        {
            Line($"## Capacity: K operators in real Chromium pages (bench/capacity.sh)");
            md.AppendLine();
        }
        Line($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {CpuModel()}, .NET {Environment.Version}; must run with nothing else on the machine.");
        Line($"Published Release (ReadyToRun) app on a fresh SQLite demo town (汐見町, 11,500 residents), one headless Chromium with one context per operator (1366×768), each signed in as its own operator account.");
        Line($"Each operator loops: think, type a name (kanji without a space or hiragana reading, {options.TypeDelayMs} ms between keys) → results; think; click the person → resident page; think; {Calls(options)}back to the search. Think times {options.ThinkMs / 2}–{options.ThinkMs * 3 / 2} ms; measured window {options.Duration.TotalSeconds:0} s, opened {options.WarmUp.TotalSeconds:0} s after the last operator signed in (the JIT's second tier in place).");
        Line($"Timings are taken inside the page (performance.now from the input or click event to the DOM marker of the result, a MutationObserver). Keypress → results includes the search box's {Operator.DebounceMs} ms debounce; the column after it subtracts it.");
        Line($"Server CPU: user + system time of the app process (/proc) over the window ÷ cycles completed (a cycle = search → open → back{(options.CallEvery == int.MaxValue ? ", no calls" : $", one in {options.CallEvery} with a saved call")}). Server idle: the app's CPU over 10 s once every browser has closed and the server's CPU has stopped falling (5-second readings until one is no more than 2 ms/s below the one before; background services and timers), per second; 「less the idle server」 subtracts that much over the window before dividing. 「Of it, tier-up JIT」: the part spent by the runtime's background JIT (its thread 「.NET Tiered Compilation Worker」) recompiling hot methods optimized — a fresh process's cost that fades as the server runs on. Browser CPU: the same for every Chromium process of the benchmark. GC heap per circuit: managed heap after a forced full GC (EventPipe GCHeapCollect) with K circuits open minus with one open, ÷ (K − 1).");
        md.AppendLine();
        Line($"Each operator searches for and records calls about its own {Targets.PerOperator} households only (one seeded shuffle of the town's households of two or more, operator i taking the i-th block), so no two operators record for the same household: a version conflict (the form refusing a save because someone else recorded for the person after it opened) is counted apart from errors, as the product working, and the operator starts the next cycle.");
        Line($"Sign-in: click on 「サインイン」 → the start page's search box (rendered once its circuit is live), in-page clocks (the click's wall time carried across the navigation); operators sign in {(options.SignInsAtOnce > 0 ? $"at most {options.SignInsAtOnce} at a time" : "all at once")}, 500 ms apart, while those signed in already loop.");
        md.AppendLine();
        md.AppendLine("| K | signed in | sign-in p50 / p95 | keypress → results p50 / p95 | same less debounce p50 / p95 | click → resident page p50 / p95 | save → saved (person's page) p50 / p95 | back → search p50 / p95 | cycles (saves) | version conflicts | errors |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            var s = r.Samples;
            var search = Samples.Percentiles(s.Search);
            Line($"| {r.Operators} | {r.SignedIn} | {Ms(s.SignIn)} | {Ms(s.Search)} | {search.P50 - Operator.DebounceMs:0} / {search.P95 - Operator.DebounceMs:0} ms | {Ms(s.Open)} | {Ms(s.Save)} | {Ms(s.Back)} | {s.Cycles} ({s.Saves}) | {s.Conflicts.Count} | {s.Errors.Count} |");
        }
        md.AppendLine();
        md.AppendLine("Sign-in in parts (per operator; p50 / p95 over the operators): the POST is the password check (PBKDF2), the session, its audit row and the cookie, with the redirect; the start page's HTML is its prerender; scripts = HTML received → DOMContentLoaded; circuit = DOMContentLoaded → the search box rendered by the live circuit. New context + sign-in page is the browser's side before the click (not in the total).");
        md.AppendLine();
        md.AppendLine("| K | at once | all signed in after | click → start page live p50 / p95 / max | click → POST sent | POST + redirect | start page HTML | scripts | circuit → search box | new context + sign-in page |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            var parts = r.Samples.SignIns.Values.ToList();
            var total = Samples.Percentiles(parts.Select(p => p.Timing.Total));
            Line($"| {r.Operators} | {(options.SignInsAtOnce > 0 ? options.SignInsAtOnce : r.Operators)} | {r.AllSignedIn.TotalSeconds:0.0} s | {total.P50:0} / {total.P95:0} / {(parts.Count == 0 ? double.NaN : parts.Max(p => p.Timing.Total)):0} ms | {Ms(parts.Select(p => p.Timing.Submit))} | {Ms(parts.Select(p => p.Timing.Post).Where(v => v >= 0))} | {Ms(parts.Select(p => p.Timing.Html))} | {Ms(parts.Select(p => p.Timing.Scripts))} | {Ms(parts.Select(p => p.Timing.Circuit))} | {Ms(parts.Select(p => p.Opened))} |");
        }
        foreach (var r in runs.Where(r => !r.Samples.SignIns.IsEmpty))
        {
            md.AppendLine();
            Line($"K = {r.Operators}, each operator's click → start page live (POST + redirect / circuit → search box), in the order they signed in: {string.Join(", ", r.Samples.SignIns.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"{AppServer.UserName(p.Key)} {p.Value.Timing.Total:0} ms ({p.Value.Timing.Post:0} / {p.Value.Timing.Circuit:0})")))}.");
        }
        md.AppendLine();
        md.AppendLine("| K | server CPU per cycle | same less the idle server | of it, tier-up JIT | server idle (no one signed in) | browser CPU per cycle | server CPU (of 2 cores) | browsers' CPU (of 2 cores) | machine busy | load (1 min) | GC heap: none / 1 / K circuits | GC heap per circuit | what saturates first |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
        {
            var cycles = Math.Max(1, r.Samples.Cycles);
            var windowMs = r.Window.TotalMilliseconds;
            var cores = Environment.ProcessorCount;
            var lessIdle = (r.ServerCpuMs - r.ServerIdleCpuMsPerSecond * windowMs / 1000) / cycles;
            Line($"| {r.Operators} | {r.ServerCpuMs / cycles:0.0} ms | {lessIdle:0.0} ms | {r.ServerJitCpuMs / cycles:0.0} ms | {r.ServerIdleCpuMsPerSecond:0.0} ms/s | {r.BrowserCpuMs / cycles:0} ms | {100 * r.ServerCpuMs / windowMs / cores:0} % | {100 * r.BrowserCpuMs / windowMs / cores:0} % | {100 * r.MachineBusyShare:0} % | {r.LoadAverage:0.0} | {Mb(r.HeapNoCircuit)} / {Mb(r.HeapOneCircuit)} / {Mb(r.HeapAllCircuits)} | {r.HeapPerCircuitMegabytes:0.00} MB | {Saturation(r)} |");
        }
        md.AppendLine();
        md.AppendLine("Page weight in the browser (one operator's page after the run: elements = document.getElementsByTagName('*').length; JS heap = CDP Performance.getMetrics JSHeapUsedSize after a forced GC):");
        md.AppendLine();
        md.AppendLine("| K | page | elements | repeated rows | elements per row | JS heap |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            foreach (var w in r.Weights)
            {
                Line($"| {r.Operators} | {w.Page} | {w.Elements:N0} | {w.Rows} | {(w.Rows == 0 ? "—" : w.ElementsPerRow.ToString("0.0", CultureInfo.InvariantCulture))} | {w.JsHeapMegabytes:0.0} MB |");
            }
        }
        var errors = runs.SelectMany(r => r.Samples.Errors.Select(e => $"K={r.Operators}: {e}")).GroupBy(e => e).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Errors (first 10 kinds):");
            md.AppendLine();
            foreach (var g in errors.Take(10))
            {
                Line($"- {g.Count()}× {g.Key}");
            }
        }
        var conflicts = runs.Sum(r => r.Samples.Conflicts.Count);
        if (conflicts > 0)
        {
            md.AppendLine();
            Line($"Version conflicts ({conflicts}; not errors): {string.Join(", ", runs.SelectMany(r => r.Samples.Conflicts.Select(c => $"K={r.Operators} {c}")).Take(10))}");
        }
        md.AppendLine();
        md.AppendLine("Goals (issue 15): server CPU ≤ 10 ms per search → open → back cycle; p95 ≤ 100 ms for every step at K = 10 (keypress → results after the debounce); ≤ 3 MB managed memory per circuit.");
        return md.ToString();
    }

    /// <summary>Replaces the capacity section of the results file (or appends it), leaving the rest as it was.</summary>
    public static void Write(string path, string section, bool floor = false) =>
        Write(path, section, floor ? FloorStart : Start, floor ? FloorEnd : End);

    /// <summary>The step-by-step section (--steps).</summary>
    public const string StepsStart = "<!-- capacity-steps:start -->";
    public const string StepsEnd = "<!-- capacity-steps:end -->";

    /// <summary>Replaces the section between <paramref name="start"/> and <paramref name="end"/> (or appends it).</summary>
    public static void Write(string path, string section, string start, string end)
    {
        var block = start + "\n" + section.TrimEnd() + "\n" + end + "\n";
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from
            ? text[..from] + block + text[(to + end.Length)..].TrimStart('\n')
            : text.TrimEnd() + (text.Length > 0 ? "\n\n" : "") + block;
        File.WriteAllText(path, text);
    }

    private static string Saturation(RunResult r)
    {
        var cores = Environment.ProcessorCount;
        var server = r.ServerCpuMs / r.Window.TotalMilliseconds / cores;
        var browsers = r.BrowserCpuMs / r.Window.TotalMilliseconds / cores;
        if (r.MachineBusyShare >= 0.85)
        {
            return browsers >= server
                ? $"CPU: the browsers ({100 * browsers:0} % of the machine against the server's {100 * server:0} %)"
                : $"CPU: the server ({100 * server:0} % of the machine against the browsers' {100 * browsers:0} %)";
        }
        if (r.Samples.Errors.Count > 0 || r.SignedIn < r.Operators)
        {
            return $"errors before CPU ({r.Samples.Errors.Count} errors, {r.SignedIn}/{r.Operators} signed in)";
        }
        return $"nothing yet (machine {100 * r.MachineBusyShare:0} % busy)";
    }

    private static string Calls(CapacityOptions options) => options.CallEvery == int.MaxValue
        ? "no calls recorded (--no-calls); "
        : string.Create(CultureInfo.InvariantCulture, $"once every {options.CallEvery} cycles record a call for the person and one household member (要件 安否報告, both 無事 with 避難先種別 不明, 保存) → back on the person's page with 「記録しました」; ");

    private static string Ms(IEnumerable<double> values)
    {
        var (p50, p95, n) = Samples.Percentiles(values);
        return n == 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{p50:0} / {p95:0} ms");
    }

    private static string Mb(long bytes) => bytes < 0 ? "?" : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024:0.0}");

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "CPU";
        }
        catch (IOException)
        {
            return "CPU";
        }
    }
}
