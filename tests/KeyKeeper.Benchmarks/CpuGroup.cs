namespace KeyKeeper.Benchmarks;

/// <summary>A named set of processes whose CPU time is summed, e.g. PostgreSQL's postmaster and its backends.</summary>
public sealed record CpuGroup(string Name, Func<long> ReadTicks)
{
    public static CpuGroup Process(string name, int pid) => new(name, () => ProcFs.CpuTicks(pid, withWaitedForChildren: false));

    /// <summary>A server that forks (PostgreSQL): the parent with the children it reaped, plus the live children.</summary>
    public static CpuGroup ProcessTree(string name, int parentPid) =>
        new(name, () => ProcFs.CpuTicks(parentPid, withWaitedForChildren: true)
            + ProcFs.ChildrenOf(parentPid).Sum(child => ProcFs.CpuTicks(child, withWaitedForChildren: false)));

    /// <summary>This process's children that have exited and been waited for: a load generator run to its end.</summary>
    public static CpuGroup FinishedChildrenOfThisProcess(string name)
    {
        var self = Environment.ProcessId;
        return new(name, () => ProcFs.CpuTicks(self, withWaitedForChildren: true) - ProcFs.CpuTicks(self, withWaitedForChildren: false));
    }
}
