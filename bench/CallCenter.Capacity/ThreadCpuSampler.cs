namespace CallCenter.Capacity;

/// <summary>
/// The CPU that some threads of a process spend over a window. The runtime ends its tier-up JIT thread once it has been
/// idle a few seconds and starts a new one when there is work again, taking the old thread's time out of /proc with it,
/// so the threads are read every half second and each thread's growth is added up (a thread that ends between two
/// reads loses at most its last half second).
/// </summary>
public sealed class ThreadCpuSampler : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly int pid;
    private readonly string threadPrefix;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private Dictionary<int, double> last;
    private double total;

    public ThreadCpuSampler(int pid, string threadPrefix)
    {
        (this.pid, this.threadPrefix) = (pid, threadPrefix);
        last = ProcessCpu.OfThreads(pid, threadPrefix);
        sampling = Task.Run(SampleAsync);
    }

    /// <summary>Stops sampling; the CPU those threads spent since the sampler started, in milliseconds.</summary>
    public async Task<double> StopAsync()
    {
        await stop.CancelAsync();
        await sampling;
        Sample();
        return total;
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample()
    {
        var now = ProcessCpu.OfThreads(pid, threadPrefix);
        foreach (var (tid, ms) in now)
        {
            // A thread first seen now started after the last read: all its time is in the window.
            total += ms - last.GetValueOrDefault(tid);
        }
        last = now;
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        stop.Dispose();
    }
}
