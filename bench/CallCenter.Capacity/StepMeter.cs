using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace CallCenter.Capacity;

/// <summary>
/// What one operator's single step costs the server (bench/capacity.sh --steps N): the app's CPU over the step, read to
/// the nanosecond from the scheduler (/proc/PID/task/*/schedstat, every thread of the app), with a quiet pause before and
/// after the step so work the step leaves behind (renders after the marker, interop answers) is in it, less what the app
/// burns idle over as long; and the circuit's messages both ways over the step (WebSocket frames and bytes, as Chromium
/// saw them). One operator alone on the machine, so the app's CPU is that operator's.
/// </summary>
public sealed class StepMeter(int appPid)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(400);

    // The steps run one after another (one operator): plain collections; only the frame counters are written from
    // Playwright's event threads.
    private readonly Dictionary<string, List<StepSample>> steps = [];
    private readonly List<string> order = [];
    private long framesSent, framesReceived, bytesSent, bytesReceived;
    private double idleNsPerMs;

    /// <summary>Counts the page's WebSocket frames (the circuit's messages) from now on.</summary>
    public void Watch(IPage page) => page.WebSocket += (_, socket) =>
    {
        socket.FrameSent += (_, frame) =>
        {
            Interlocked.Increment(ref framesSent);
            Interlocked.Add(ref bytesSent, frame.Binary?.Length ?? Encoding.UTF8.GetByteCount(frame.Text ?? ""));
        };
        socket.FrameReceived += (_, frame) =>
        {
            Interlocked.Increment(ref framesReceived);
            Interlocked.Add(ref bytesReceived, frame.Binary?.Length ?? Encoding.UTF8.GetByteCount(frame.Text ?? ""));
        };
    };

    /// <summary>The app's CPU per millisecond with the operator's page open and untouched (timers, presence), to subtract.</summary>
    public async Task MeasureIdleAsync(TimeSpan over)
    {
        var (cpu0, clock) = (AppCpuNs(), Stopwatch.StartNew());
        await Task.Delay(over);
        idleNsPerMs = (AppCpuNs() - cpu0) / clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The idle app's CPU, in milliseconds per second.</summary>
    public double IdleMsPerSecond => idleNsPerMs * 1000 / 1e6;

    /// <summary>Runs one step between two quiet pauses and keeps what it cost.</summary>
    public async Task StepAsync(string name, Func<Task> step)
    {
        await Task.Delay(Settle);
        var (cpu0, sent0, received0, bytesOut0, bytesIn0) = (AppCpuNs(), Interlocked.Read(ref framesSent), Interlocked.Read(ref framesReceived),
            Interlocked.Read(ref bytesSent), Interlocked.Read(ref bytesReceived));
        var clock = Stopwatch.StartNew();
        await step();
        await Task.Delay(Settle);
        var cpuMs = (AppCpuNs() - cpu0 - idleNsPerMs * clock.Elapsed.TotalMilliseconds) / 1e6;
        var sample = new StepSample(cpuMs, Interlocked.Read(ref framesSent) - sent0, Interlocked.Read(ref framesReceived) - received0,
            Interlocked.Read(ref bytesSent) - bytesOut0, Interlocked.Read(ref bytesReceived) - bytesIn0);
        if (!steps.TryGetValue(name, out var list))
        {
            steps[name] = list = [];
            order.Add(name);
        }
        list.Add(sample);
    }

    /// <summary>The steps in the order first taken: median and mean server CPU, frames and bytes per step.</summary>
    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("| step | times | server CPU median | server CPU mean | frames browser → server | frames server → browser | bytes → server | bytes → browser |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        double total = 0;
        foreach (var name in order)
        {
            var list = steps[name];
            var cpu = list.Select(s => s.CpuMs).Order().ToList();
            var mean = cpu.Average();
            total += mean;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {list.Count} | {cpu[cpu.Count / 2]:0.0} ms | {mean:0.0} ms | {list.Average(s => s.Sent):0.0} | {list.Average(s => s.Received):0.0} | {list.Average(s => s.BytesSent):#,0} | {list.Average(s => s.BytesReceived):#,0} |"));
        }
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| **all steps (means)** | | | **{total:0.0} ms** | | | | |"));
        return md.ToString();
    }

    // Nanoseconds on a CPU of every thread of the app seen so far (the first field of schedstat): a thread that has
    // ended (the thread pool retires idle threads) keeps its last reading, so the sum never goes back.
    private readonly Dictionary<int, long> threadNs = [];

    private long AppCpuNs()
    {
        foreach (var dir in Directory.EnumerateDirectories($"/proc/{appPid}/task"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "schedstat"));
                threadNs[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] =
                    long.Parse(text.AsSpan(0, text.IndexOf(' ')), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A thread that ended between the listing and the read.
            }
        }
        return threadNs.Values.Sum();
    }

    private sealed record StepSample(double CpuMs, long Sent, long Received, long BytesSent, long BytesReceived);
}
