using System.Collections.Concurrent;

namespace CallCenter.Capacity;

/// <summary>Timings and counts of one run, collected by every operator at once.</summary>
public sealed class Samples
{
    /// <summary>Click on 「サインイン」 → the start page's search box, per operator (every sign-in, not only in the window).</summary>
    public ConcurrentBag<double> SignIn { get; } = [];

    /// <summary>Each operator's sign-in in parts, by operator index.</summary>
    public ConcurrentDictionary<int, (double Opened, SignInTiming Timing)> SignIns { get; } = new();

    /// <summary>Saves the form refused because someone else recorded for the person after it opened (in the window).</summary>
    public ConcurrentQueue<string> Conflicts { get; } = [];
    public ConcurrentBag<double> Search { get; } = [];
    public ConcurrentBag<double> Open { get; } = [];
    public ConcurrentBag<double> Save { get; } = [];
    public ConcurrentBag<double> Back { get; } = [];
    public ConcurrentQueue<string> Errors { get; } = [];

    private int cycles;
    private int saves;

    /// <summary>Whether the measured window is open: steps outside it (sign-in, warm-up, wind-down) are not counted.</summary>
    public volatile bool Measuring;

    public int Cycles => cycles;

    public int Saves => saves;

    public void Add(ConcurrentBag<double> bag, double ms)
    {
        if (Measuring)
        {
            bag.Add(ms);
        }
    }

    public void CycleDone(bool saved)
    {
        if (Measuring)
        {
            Interlocked.Increment(ref cycles);
            if (saved)
            {
                Interlocked.Increment(ref saves);
            }
        }
    }

    public void SignedIn(int operatorIndex, double openedMs, SignInTiming timing)
    {
        SignIn.Add(timing.Total);
        SignIns[operatorIndex] = (openedMs, timing);
    }

    public void Conflict(string what)
    {
        if (Measuring)
        {
            Conflicts.Enqueue(what);
        }
    }

    public void Error(string what)
    {
        if (Measuring)
        {
            Errors.Enqueue(what);
        }
    }

    public static (double P50, double P95, int Count) Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN, 0);
        }
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return (At(0.50), At(0.95), sorted.Length);
    }
}
