using System.Globalization;

namespace CallCenter.Capacity;

/// <summary>The command line of the capacity benchmark (see bench/capacity.sh).</summary>
public sealed record CapacityOptions
{
    /// <summary>How many operators each run has, one run per value (--operators 10,30,60).</summary>
    public int[] Operators { get; init; } = [10, 30, 60];

    /// <summary>The measured window of each run, after every operator has signed in (--duration SECONDS).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>
    /// Loops run this long after the last sign-in before the window opens (--warm-up SECONDS): a freshly started server
    /// still moves its hot code to the JIT's second tier for a minute or two (thousands of methods per 10 s, measured
    /// with dotnet-counters), which a server that runs all day has long done.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The mean pause between an operator's steps; each pause is drawn from 0.5–1.5 × this (--think-ms).</summary>
    public int ThinkMs { get; init; } = 1500;

    /// <summary>Pause between typed characters (--type-delay-ms); below the search box's 250 ms debounce.</summary>
    public int TypeDelayMs { get; init; } = 80;

    /// <summary>Every Nth cycle of an operator records a call for two household members (--call-every).</summary>
    public int CallEvery { get; init; } = 4;

    /// <summary>
    /// How many operators may be signing in at once (--sign-ins-at-once; 0 = all, each started 500 ms after the one
    /// before, as before this option). Two, the machine's cores, by default.
    /// </summary>
    public int SignInsAtOnce { get; init; } = 2;

    /// <summary>The published app's folder (--app), as bench/capacity.sh makes it.</summary>
    public required string AppFolder { get; init; }

    /// <summary>Where the database, logs and the app's files go (--work); a fresh folder per run of the script.</summary>
    public required string WorkFolder { get; init; }

    /// <summary>The markdown file whose capacity section is replaced (--out).</summary>
    public required string Output { get; init; }

    /// <summary>Where the first few errors' screenshots go (--screenshots); kept after the run.</summary>
    public string ScreenshotFolder { get; init; } = Path.Combine(Path.GetTempPath(), "callcenter-capacity-errors");

    /// <summary>
    /// The published floor app (--floor FOLDER; bench/capacity.sh --floor publishes it): the same loop against a bare
    /// Blazor Server app on the same database (bench/CallCenter.CapacityFloor), which records no calls.
    /// </summary>
    public string? FloorFolder { get; init; }

    /// <summary>The run is of the floor app, not the product.</summary>
    public bool IsFloor => FloorFolder is not null;

    /// <summary>Loopback port of the app (--port).</summary>
    public int Port { get; init; } = 5187;

    /// <summary>--steps N: one operator, N cycles measured step by step (server CPU and circuit messages of each step), instead of the K runs.</summary>
    public int Steps { get; init; }

    /// <summary>Chromium binary (CALLCENTER_CHROMIUM or Debian's).</summary>
    public string Chromium { get; init; } = Environment.GetEnvironmentVariable("CALLCENTER_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";

    public static CapacityOptions Parse(string[] args)
    {
        string? Option(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        int Int(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var app = Option("--app") ?? throw new ArgumentException("--app FOLDER (the published CallCenter.Web) is required; bench/capacity.sh passes it.");
        var work = Option("--work") ?? Path.Combine(Path.GetTempPath(), "callcenter-capacity-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var defaults = new CapacityOptions { AppFolder = app, WorkFolder = work, Output = "" };
        return defaults with
        {
            Operators = Option("--operators") is { } k
                ? k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray()
                : defaults.Operators,
            Duration = Option("--duration") is { } d ? TimeSpan.FromSeconds(double.Parse(d, CultureInfo.InvariantCulture)) : defaults.Duration,
            WarmUp = Option("--warm-up") is { } w ? TimeSpan.FromSeconds(double.Parse(w, CultureInfo.InvariantCulture)) : defaults.WarmUp,
            ThinkMs = Int("--think-ms", defaults.ThinkMs),
            TypeDelayMs = Int("--type-delay-ms", defaults.TypeDelayMs),
            // --no-calls: search → open → back only (the floor records no calls, so its runs have none).
            CallEvery = args.Contains("--no-calls") || Option("--floor") is not null ? int.MaxValue : Math.Max(1, Int("--call-every", defaults.CallEvery)),
            FloorFolder = Option("--floor"),
            Port = Int("--port", defaults.Port),
            SignInsAtOnce = Math.Max(0, Int("--sign-ins-at-once", defaults.SignInsAtOnce)),
            ScreenshotFolder = Option("--screenshots") ?? defaults.ScreenshotFolder,
            Steps = Math.Max(0, Int("--steps", 0)),
            Output = Option("--out") ?? Path.Combine(RepoRoot(), "bench", "results.md"),
        };
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallCenter.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
