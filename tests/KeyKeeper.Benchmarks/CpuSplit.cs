namespace KeyKeeper.Benchmarks;

/// <summary>
/// How the machine's CPUs were used during one measured run, in cores (2.0 = both cores of a
/// two-core machine busy the whole time). <see cref="Other"/> is everything not measured by
/// name (other users of the machine, the kernel's own work); <see cref="Idle"/> includes I/O wait.
/// </summary>
public sealed record CpuSplit(IReadOnlyList<(string Name, double Cores)> Groups, double Other, double Idle)
{
    public double CoresOf(string name) => Groups.FirstOrDefault(group => group.Name == name).Cores;
}
