using System.Collections.Concurrent;

namespace CallCenter.Capacity;

/// <summary>Timings and counts of one run, collected by every operator at once.</summary>
public sealed class Samples
{
    public ConcurrentBag<double> SignIn { get; } = [];
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
