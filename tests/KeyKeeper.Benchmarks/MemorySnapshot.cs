namespace KeyKeeper.Benchmarks;

/// <summary>Managed heap after a full GC, and resident set size, in bytes.</summary>
public sealed record MemorySnapshot(long ManagedHeapBytes, long ResidentBytes);
