namespace KeyKeeper.Benchmarks;

/// <summary>The silo with a number of active user grains: its memory, and save-key throughput at that size.</summary>
public sealed record ScaleStep(int TargetGrains, int ActiveGrains, MemorySnapshot Memory, double ActivationsPerSecond, LoadResult SaveKey);
