namespace CallCenter.Web.Security;

/// <summary>
/// Fixed-window request counts per key (a limit and a client address): a key's window opens with its first request
/// and lasts <see cref="Window"/>; within it at most the given number of requests are let through, the rest are
/// told how long until it ends. Counted when a request comes, under one lock held for a dictionary look-up: no timer,
/// no thread woken while no one sends anything. Windows that have ended are dropped at most once a window, so the
/// table holds only the keys seen within the last two windows, however many addresses a flood comes from.
/// </summary>
public sealed class FixedWindows(TimeProvider time, TimeSpan window)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (long Start, int Count)> windows = new(StringComparer.Ordinal);
    private long lastSweep = time.GetUtcNow().UtcTicks;

    /// <summary>How long each key's window lasts.</summary>
    public TimeSpan Window { get; } = window;

    /// <summary>Keys with a window held (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return windows.Count;
            }
        }
    }

    /// <summary>
    /// Counts a request under <paramref name="key"/>: true when it is within the <paramref name="permits"/> of the
    /// key's current window; false, with the time until that window ends, when the window's permits are used up.
    /// </summary>
    public bool TryAcquire(string key, int permits, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow().UtcTicks;
        lock (gate)
        {
            if (now - lastSweep >= Window.Ticks || now < lastSweep)
            {
                Sweep(now);
            }
            if (!windows.TryGetValue(key, out var current) || Ended(current.Start, now))
            {
                current = (now, 0);
            }
            if (current.Count >= permits)
            {
                windows[key] = current;
                retryAfter = TimeSpan.FromTicks(current.Start + Window.Ticks - now);
                return false;
            }
            windows[key] = (current.Start, current.Count + 1);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    // A window has ended once its time is up, or when the clock was set back past its start.
    private bool Ended(long start, long now) => now - start >= Window.Ticks || now < start;

    private void Sweep(long now)
    {
        lastSweep = now;
        foreach (var (key, value) in windows)
        {
            if (Ended(value.Start, now))
            {
                // Removing while enumerating is allowed for Dictionary since .NET Core 3.0.
                windows.Remove(key);
            }
        }
    }
}
