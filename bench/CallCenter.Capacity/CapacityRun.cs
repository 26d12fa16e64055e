using System.Diagnostics;
using Microsoft.Playwright;

namespace CallCenter.Capacity;

/// <summary>What one run with K operators measured.</summary>
public sealed record RunResult(
    int Operators, int SignedIn, TimeSpan Window, Samples Samples,
    double ServerCpuMs, double BrowserCpuMs, double MachineBusyShare, double LoadAverage,
    long HeapNoCircuit, long HeapOneCircuit, long HeapAllCircuits, IReadOnlyList<PageWeight> Weights,
    double ServerIdleCpuMsPerSecond, TimeSpan AllSignedIn, double ServerJitCpuMs)
{
    /// <summary>Managed heap per circuit: (heap with K open − heap with one open, caches warm) / (K − 1).</summary>
    public double HeapPerCircuitMegabytes => Operators > 1 && HeapAllCircuits > 0 && HeapOneCircuit > 0
        ? (HeapAllCircuits - HeapOneCircuit) / (double)(Operators - 1) / 1024 / 1024
        : double.NaN;
}

/// <summary>One run: the app started afresh, K operators signed in (staggered), a measured window, the page weights.</summary>
public sealed class CapacityRun(CapacityOptions options, AppServer app, Targets targets)
{
    public async Task<RunResult> RunAsync(int k)
    {
        Console.WriteLine($"== {k} operators: starting the app");
        await app.StartAsync();
        var heapNone = await ManagedHeap.AfterFullGcAsync(app.Pid);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var samples = new Samples();
        var screenshots = new ErrorScreenshots(options.ScreenshotFolder, k);
        var operators = Enumerable.Range(0, k).Select(i => new Operator(i, browser, app.BaseAddress, targets, options, samples, screenshots)).ToList();
        using var stop = new CancellationTokenSource();

        // The first operator signs in and runs one cycle: the app's caches are warm before the one-circuit heap.
        await operators[0].SignInAsync();
        var loops = new List<Task> { operators[0].RunAsync(stop.Token) };
        await Task.Delay(TimeSpan.FromSeconds(8));
        var heapOne = await ManagedHeap.AfterFullGcAsync(app.Pid);

        // The others sign in staggered (as a shift starts), each starting its loop once signed in; at most
        // --sign-ins-at-once browsers opening at a time, so a sign-in is timed as one operator's, not as a queue of them.
        Console.WriteLine($"   signing in {k} operators, {(options.SignInsAtOnce > 0 ? options.SignInsAtOnce.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all")} at once");
        var signIns = new List<Task>();
        var signedIn = 1;
        using var gate = new SemaphoreSlim(options.SignInsAtOnce > 0 ? options.SignInsAtOnce : k);
        var signInClock = Stopwatch.StartNew();
        for (var i = 1; i < k; i++)
        {
            var op = operators[i];
            await gate.WaitAsync();
            signIns.Add(Task.Run(async () =>
            {
                try
                {
                    await op.SignInAsync();
                    Interlocked.Increment(ref signedIn);
                    lock (loops)
                    {
                        loops.Add(op.RunAsync(stop.Token));
                    }
                }
                catch (Exception e) when (e is PlaywrightException or TimeoutException)
                {
                    samples.Errors.Enqueue($"sign-in of {op.Name} failed: {e.Message.Split('\n')[0]}");
                }
                finally
                {
                    gate.Release();
                }
            }));
            await Task.Delay(500);
        }
        await Task.WhenAll(signIns);
        var allSignedIn = signInClock.Elapsed;
        Console.WriteLine($"   {signedIn} signed in (sign-in p50 {Samples.Percentiles(samples.SignIn).P50:0} ms); measuring for {options.Duration.TotalSeconds:0} s");

        // Every loop under way and the JIT's second tier in place, then the measured window.
        await Task.Delay(options.WarmUp);
        var selfPid = Environment.ProcessId;
        var (server0, browser0, machine0) = (ProcessCpu.Of(app.Pid), ProcessCpu.ChromiumUnder(selfPid), ProcessCpu.Machine());
        await using var jit = new ThreadCpuSampler(app.Pid, ProcessCpu.TierUpJitThread);
        var clock = Stopwatch.StartNew();
        samples.Measuring = true;
        await Task.Delay(options.Duration);
        samples.Measuring = false;
        var window = clock.Elapsed;
        var (server1, browser1, machine1) = (ProcessCpu.Of(app.Pid), ProcessCpu.ChromiumUnder(selfPid), ProcessCpu.Machine());
        var jitMs = await jit.StopAsync();
        var load = ProcessCpu.LoadAverage();
        var heapAll = await ManagedHeap.AfterFullGcAsync(app.Pid);

        Console.WriteLine("   stopping the loops");
        await stop.CancelAsync();
        Task[] running;
        lock (loops)
        {
            running = [.. loops];
        }
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(90)));

        var weights = await WeighPagesAsync(operators[0].Page);
        await browser.CloseAsync();
        // What the server burns with no one signed in (background services, timers), per second, to set against the
        // cycles: measured at the end, once the browsers have gone, not just after start, when the JIT is still at work,
        // and once the closed pages' work has settled (circuits torn down, their last writes and collections done):
        // 5-second readings until one is no more than 2 ms/s below the one before it (it has stopped falling; at most
        // a little over the 3 minutes a disconnected circuit is kept), then 10 s.
        var settle = Stopwatch.StartNew();
        var previous = double.MaxValue;
        while (settle.Elapsed < TimeSpan.FromMinutes(3.5))
        {
            var cpu0 = ProcessCpu.Of(app.Pid);
            await Task.Delay(TimeSpan.FromSeconds(5));
            var perSecond = (ProcessCpu.Of(app.Pid) - cpu0) / 5;
            if (perSecond >= previous - 2)
            {
                break;
            }
            previous = perSecond;
        }
        Console.WriteLine($"   server settled {settle.Elapsed.TotalSeconds:0} s after the browsers closed");
        var idle0 = ProcessCpu.Of(app.Pid);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var idleCpuPerSecond = (ProcessCpu.Of(app.Pid) - idle0) / 10;
        await app.DisposeAsync();

        var busyShare = (machine1.Busy - machine0.Busy) / (double)Math.Max(1, machine1.Total - machine0.Total);
        return new RunResult(k, signedIn, window, samples, server1 - server0, browser1 - browser0, busyShare, load,
            heapNone, heapOne, heapAll, weights, idleCpuPerSecond, allSignedIn, jitMs);
    }

    /// <summary>
    /// One operator alone (--steps N): signed in, looping with calls for the warm-up, then N cycles each of whose steps is
    /// measured apart (<see cref="StepMeter"/>). Returns the markdown table.
    /// </summary>
    public async Task<string> ProfileStepsAsync(int cycles)
    {
        Console.WriteLine($"== steps of one operator: starting the app");
        await app.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var samples = new Samples();
        var op = new Operator(0, browser, app.BaseAddress, targets, options, samples, new ErrorScreenshots(options.ScreenshotFolder, 1));
        await op.SignInAsync();
        using (var warm = new CancellationTokenSource(options.WarmUp))
        {
            Console.WriteLine($"   warming up for {options.WarmUp.TotalSeconds:0} s");
            await op.RunAsync(warm.Token);
        }
        var meter = new StepMeter(app.Pid);
        meter.Watch(op.Page);
        // A fresh page, so its circuit's socket is the one watched.
        await op.Page.GotoAsync("/");
        await op.Page.GetByTestId("search-input").WaitForAsync();
        await meter.MeasureIdleAsync(TimeSpan.FromSeconds(5));
        op.Meter = meter;
        Console.WriteLine($"   measuring {cycles} cycles step by step (idle app {meter.IdleMsPerSecond:0.0} ms/s)");
        samples.Measuring = true;
        // A refused save (a version conflict) is a cycle not counted: at most twice as many tries; an error ends the run.
        for (var tries = 0; samples.Cycles < cycles && samples.Errors.IsEmpty && tries < cycles * 2; tries++)
        {
            await op.RunOnceAsync(CancellationToken.None);
        }
        await browser.CloseAsync();
        await app.DisposeAsync();
        var errors = samples.Errors.IsEmpty ? "" : $"\nErrors: {string.Join("; ", samples.Errors.Take(5))}\n";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"## Capacity step by step: one operator (bench/capacity.sh --steps {cycles})\n\nRun {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, .NET {Environment.Version}; must run with nothing else on the machine. Published Release (ReadyToRun) app on a fresh SQLite demo town, one headless Chromium page, warmed up by looping for {options.WarmUp.TotalSeconds:0} s first. " +
            $"One operator, {samples.Cycles} cycles (a call every {options.CallEvery}), each step between 400 ms pauses; server CPU = the app's threads' time on a CPU (schedstat) over the step and pauses, less the idle app's {meter.IdleMsPerSecond:0.0} ms/s.\n\n") + meter.Markdown() + errors;
    }

    private Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = options.Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
    });

    /// <summary>The main pages' weight in one operator's browser once the others have stopped.</summary>
    private async Task<IReadOnlyList<PageWeight>> WeighPagesAsync(IPage page)
    {
        var weights = new List<PageWeight>();
        try
        {
            await page.GotoAsync("/");
            await page.GetByTestId("search-input").WaitForAsync();
            weights.Add(await PageProbe.WeighAsync(page, "start page, empty search", null));
            // A common family name: a full page of results.
            await PageProbe.ArmAsync(page, "results", "さとう");
            await page.GetByTestId("search-input").FillAsync("さとう");
            await PageProbe.WaitAsync(page, "input", "search results");
            weights.Add(await PageProbe.WeighAsync(page, "search, 20 results (per result row)", "[data-testid=search-result]"));

            // A new document: arm after it has loaded (the marker is looked for at once, then watched).
            var no = targets.HeaviestResidentNo;
            await page.GotoAsync($"/residents/{no}");
            await PageProbe.ArmAsync(page, "resident", no);
            await PageProbe.WaitAsync(page, "click", "resident page");
            weights.Add(await PageProbe.WeighAsync(page, $"resident page, longest history ({no}; per history entry)", "[data-testid=history-row]"));
            var calls = await PageProbe.WeighAsync(page, "resident page (per call entry)", "[data-testid=call-row]");
            weights.Add(calls);

            await PageProbe.ArmAsync(page, "callForm", no);
            await page.GetByTestId("record-call").ClickAsync();
            await PageProbe.WaitAsync(page, "click", "call form");
            weights.Add(await PageProbe.WeighAsync(page, "call form (per household member card)", "div.member[data-testid^=member-]"));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            Console.WriteLine($"   weighing the pages failed: {e.Message.Split('\n')[0]}");
        }
        return weights;
    }
}
