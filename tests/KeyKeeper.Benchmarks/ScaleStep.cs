namespace KeyKeeper.Benchmarks;

/// <summary>
/// The silo with a number of active user grains: the grains activated to get there and how long
/// that took, its memory, save-key throughput at that size, the grains still active after the
/// run, and how long the oldest empty grain had been idle by then.
/// </summary>
public sealed record ScaleStep(
    int TargetGrains,
    int ActiveGrains,
    int Activated,
    double ActivationSeconds,
    MemorySnapshot Memory,
    LoadResult SaveKey,
    int ActiveAfterRun,
    TimeSpan OldestIdleGrainAge)
{
    public double ActivationsPerSecond => Activated > 0 ? Activated / ActivationSeconds : double.NaN;
}
