namespace KeyKeeper.Benchmarks;

/// <summary>CPU time and memory of processes, read from Linux's /proc.</summary>
public static class ProcFs
{
    /// <summary>
    /// CPU time of a process in clock ticks: its own threads, plus (when asked) every child it has
    /// already waited for, which is how PostgreSQL's short-lived backends and a finished load
    /// generator are still counted. 0 once the process is gone.
    /// </summary>
    public static long CpuTicks(int pid, bool withWaitedForChildren)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return 0;
        }

        // After the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
        var own = long.Parse(fields[11]) + long.Parse(fields[12]);
        return withWaitedForChildren ? own + long.Parse(fields[13]) + long.Parse(fields[14]) : own;
    }

    public static int? ParentOf(int pid) => StatFields(pid) is { } fields ? int.Parse(fields[1]) : null;

    public static IReadOnlyList<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) == parent)
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS.");
    }

    /// <summary>Ticks of all CPUs since boot: busy (not idle, not waiting for I/O) and in total.</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(long.Parse).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }

    private static string[]? StatFields(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may hold spaces: split after its closing one.
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
