namespace KeyKeeper.Benchmarks;

/// <summary>
/// Section 5: the empty users seeded into grain_state (how many, their row's payload, the COPY's
/// time and the vacuum and checkpoint after it), the steps measured, and why the steps stopped
/// early, if they did.
/// </summary>
public sealed record ScaleResult(
    int SeededUsers, int PayloadBytes, double SeedSeconds, double SettleSeconds, IReadOnlyList<ScaleStep> Steps, string? StoppedEarly);
