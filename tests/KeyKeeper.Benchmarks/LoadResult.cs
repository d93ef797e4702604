namespace KeyKeeper.Benchmarks;

/// <summary>One measured run of a load generator: how many requests (or transactions), how fast, how long they took.</summary>
public sealed record LoadResult(long Requests, double Seconds, double P50Milliseconds, double P99Milliseconds, long Errors)
{
    public double PerSecond => Requests / Seconds;
}
