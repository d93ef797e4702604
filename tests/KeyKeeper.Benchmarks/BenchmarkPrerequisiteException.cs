namespace KeyKeeper.Benchmarks;

/// <summary>Something the benchmark needs from the machine is missing; the message says how to get it.</summary>
public sealed class BenchmarkPrerequisiteException(string message) : Exception(message);
