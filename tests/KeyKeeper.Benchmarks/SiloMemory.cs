using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// Memory of a running .NET process: the managed heap right after a full blocking GC that the
/// benchmark induces through the runtime's diagnostics port (what dotnet-gcdump does), then the
/// resident set size from /proc.
/// </summary>
public static class SiloMemory
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<MemorySnapshot> MeasureAsync(int pid, CancellationToken cancellation)
    {
        var heap = await HeapAfterInducedGcAsync(pid, cancellation);
        // Give the collector a moment to hand freed pages back before reading RSS.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
        return new MemorySnapshot(heap, ProcFs.ResidentBytes(pid));
    }

    private static async Task<long> HeapAfterInducedGcAsync(int pid, CancellationToken cancellation)
    {
        var client = new DiagnosticsClient(pid);
        // The GCHeapCollect keyword makes the runtime run a full blocking GC as the session starts.
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = await client.StartEventPipeSessionAsync(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)],
            requestRundown: false, circularBufferMB: 16, cancellation);
        using var source = new EventPipeEventSource(session.EventStream);
        var heapSize = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawInducedGc = false;
        source.Clr.GCStart += gc => sawInducedGc |= gc.Reason == GCReason.Induced;
        source.Clr.GCHeapStats += stats =>
        {
            if (sawInducedGc)
            {
                heapSize.TrySetResult(stats.TotalHeapSize);
            }
        };
        var processing = Task.Run(source.Process, cancellation);
        try
        {
            return await heapSize.Task.WaitAsync(Timeout, cancellation);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            try
            {
                await processing.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (Exception)
            {
                // The heap size is already known; how the trace stream ends does not matter.
            }
        }
    }
}
