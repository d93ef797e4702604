namespace KeyKeeper.Benchmarks;

/// <summary>
/// Latencies (ms) of first requests to users whose grain was not active, and the memory those
/// grains took. <see cref="GrainsLeftActive"/>: user grains the collection did not deactivate (0 expected).
/// </summary>
public sealed record ColdActivationResult(
    IReadOnlyList<double> FirstAnswersAfterRestart,
    IReadOnlyList<double> Sequential,
    IReadOnlyList<double> SequentialWarm,
    IReadOnlyList<double> Parallel,
    double ParallelSeconds,
    int ParallelConcurrency,
    int GrainsActivated,
    int GrainsLeftActive,
    MemorySnapshot Before,
    MemorySnapshot After);
