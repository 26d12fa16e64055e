using System.Globalization;

namespace CallCenter.Capacity;

/// <summary>
/// CPU time read from /proc: a process's own user + system time, the Chromium processes under this benchmark, and the
/// whole machine's busy and total time. Linux clock ticks are 10 ms (USER_HZ = 100 on Debian's kernels).
/// </summary>
public static class ProcessCpu
{
    private const double MillisecondsPerTick = 10;

    /// <summary>User + system CPU of one process, in milliseconds (0 when it is gone).</summary>
    public static double Of(int pid) => Stat(pid) is { } s ? (s.UserTicks + s.SystemTicks) * MillisecondsPerTick : 0;

    /// <summary>
    /// User + system CPU of each live thread of the process whose name starts with <paramref name="threadPrefix"/>
    /// (Linux keeps 15 characters: the runtime's tier-up JIT is 「.NET Tiered Com」), in milliseconds, by thread id.
    /// </summary>
    public static Dictionary<int, double> OfThreads(int pid, string threadPrefix)
    {
        var threads = new Dictionary<int, double>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (StatAt(Path.Combine(dir, "stat")) is { } s && s.Command.StartsWith(threadPrefix, StringComparison.Ordinal)
                    && int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
                {
                    threads[tid] = (s.UserTicks + s.SystemTicks) * MillisecondsPerTick;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process has gone.
        }
        return threads;
    }

    /// <summary>The runtime's background JIT that recompiles hot methods optimized (tier-up), in the process's CPU.</summary>
    public const string TierUpJitThread = ".NET Tiered";

    /// <summary>
    /// User + system CPU of every Chromium process descending from <paramref name="root"/> (this benchmark's process:
    /// Playwright's driver starts the browser), in milliseconds. Other developers' browsers are not counted.
    /// </summary>
    public static double ChromiumUnder(int root)
    {
        var all = new Dictionary<int, ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } s)
            {
                all[pid] = s;
            }
        }
        double total = 0;
        foreach (var (pid, s) in all)
        {
            if (!s.Command.StartsWith("chrom", StringComparison.Ordinal) && !s.Command.StartsWith("headless", StringComparison.Ordinal))
            {
                continue;
            }
            // Walk up to the root: only this benchmark's browsers count.
            var parent = s.ParentPid;
            for (var hops = 0; parent > 1 && parent != root && hops < 20; hops++)
            {
                parent = all.TryGetValue(parent, out var p) ? p.ParentPid : 0;
            }
            if (parent == root)
            {
                total += (s.UserTicks + s.SystemTicks) * MillisecondsPerTick;
            }
        }
        return total;
    }

    /// <summary>The machine's busy and total CPU time so far (all cores), in ticks, from the first line of /proc/stat.</summary>
    public static (long Busy, long Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }

    /// <summary>The one-minute load average.</summary>
    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private sealed record ProcStat(string Command, int ParentPid, long UserTicks, long SystemTicks);

    private static ProcStat? Stat(int pid) => StatAt($"/proc/{pid}/stat");

    private static ProcStat? StatAt(string path)
    {
        try
        {
            var line = File.ReadAllText(path);
            var open = line.IndexOf('(', StringComparison.Ordinal);
            var close = line.LastIndexOf(')');
            var command = line[(open + 1)..close];
            var rest = line[(close + 2)..].Split(' ');
            // After the command: state(0) ppid(1) ... utime(11) stime(12).
            return new ProcStat(command, int.Parse(rest[1], CultureInfo.InvariantCulture),
                long.Parse(rest[11], CultureInfo.InvariantCulture), long.Parse(rest[12], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
