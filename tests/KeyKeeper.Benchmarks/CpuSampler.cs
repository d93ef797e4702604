namespace KeyKeeper.Benchmarks;

/// <summary>Measures the CPU used by named process groups and by the whole machine between start and stop.</summary>
public sealed class CpuSampler
{
    private readonly IReadOnlyList<CpuGroup> _groups;
    private readonly long[] _startTicks;
    private readonly (long Busy, long Total) _machineStart;

    private CpuSampler(IReadOnlyList<CpuGroup> groups)
    {
        _groups = groups;
        _startTicks = [.. groups.Select(group => group.ReadTicks())];
        _machineStart = ProcFs.MachineTicks();
    }

    public static CpuSampler Start(IReadOnlyList<CpuGroup> groups) => new(groups);

    public CpuSplit Stop()
    {
        var ticks = _groups.Select((group, i) => group.ReadTicks() - _startTicks[i]).ToArray();
        var machine = ProcFs.MachineTicks();
        var total = Math.Max(1, machine.Total - _machineStart.Total);
        var busy = machine.Busy - _machineStart.Busy;
        // /proc/stat counts every CPU: a share of it times the CPU count is cores in use.
        double Cores(long t) => (double)t / total * Environment.ProcessorCount;
        var named = ticks.Sum();
        return new CpuSplit(
            [.. _groups.Select((group, i) => (group.Name, Cores(ticks[i])))],
            Other: Math.Max(0, Cores(busy - named)),
            Idle: Cores(total - busy));
    }
}
