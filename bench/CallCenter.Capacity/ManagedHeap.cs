using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace CallCenter.Capacity;

/// <summary>
/// The app's managed (GC) heap after a full, blocking, induced GC, read through the runtime's diagnostics port: an
/// EventPipe session with the GCHeapCollect keyword makes the runtime collect at once (as dotnet-gcdump does), and
/// the GCHeapStats event after that collection gives the live size of every generation. No endpoint of the app is
/// involved.
/// </summary>
public static class ManagedHeap
{
    /// <summary>Bytes on the GC heap (generations 0–2, large and pinned object heaps) after a forced full GC.</summary>
    public static async Task<long> AfterFullGcAsync(int pid)
    {
        long bytes = -1;
        // Twice: the first collection lets finalizers run; the second measures what is really held.
        for (var round = 0; round < 2; round++)
        {
            bytes = await CollectOnceAsync(pid);
            await Task.Delay(500);
        }
        return bytes;
    }

    private static async Task<long> CollectOnceAsync(int pid)
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords) };
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inducedFullGc = false;
        using var source = new EventPipeEventSource(session.EventStream);
        source.Clr.GCStart += e => inducedFullGc |= e.Depth == 2 && e.Reason == GCReason.Induced;
        source.Clr.GCHeapStats += (GCHeapStatsTraceData e) =>
        {
            if (inducedFullGc)
            {
                heap.TrySetResult(e.TotalHeapSize);
            }
        };
        var processing = Task.Run(source.Process);
        var finished = await Task.WhenAny(heap.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        await session.StopAsync(CancellationToken.None);
        await Task.WhenAny(processing, Task.Delay(TimeSpan.FromSeconds(10)));
        return finished == heap.Task ? heap.Task.Result : -1;
    }
}
