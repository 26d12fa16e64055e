using System.Diagnostics;

namespace CallCenter.Web.Components.Shared;

/// <summary>
/// Progress of long work running off the circuit's thread: the latest value is kept, and the page is asked to
/// render at most once per interval, however fast the work reports.
/// </summary>
public sealed class ThrottledProgress(Func<Task> refresh, TimeSpan interval) : IProgress<int>
{
    private int value;
    private long lastShown = Stopwatch.GetTimestamp();

    /// <summary>The latest value reported.</summary>
    public int Value => Volatile.Read(ref value);

    public void Report(int value)
    {
        Volatile.Write(ref this.value, value);
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastShown), now) >= interval)
        {
            Interlocked.Exchange(ref lastShown, now);
            _ = refresh();
        }
    }
}
