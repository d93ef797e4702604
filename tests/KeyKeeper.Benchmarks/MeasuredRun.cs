namespace KeyKeeper.Benchmarks;

/// <summary>
/// One measured load run with what the machine and PostgreSQL did meanwhile.
/// <see cref="CountersSettled"/>: PostgreSQL's statistics were given time to arrive before and
/// after the run, which makes the commit count exact (otherwise backends report up to ~10 s late,
/// into a neighbouring run).
/// </summary>
public sealed record MeasuredRun(string Name, LoadResult Load, CpuSplit Cpu, DatabaseCounters Database, bool CountersSettled)
{
    /// <summary>CPU time a process group spent per request, in µs.</summary>
    public double MicrosecondsPerRequest(string group) => Cpu.CoresOf(group) * 1e6 / Load.PerSecond;

    public double PerRequest(long count) => (double)count / Load.Requests;
}
