namespace KeyKeeper.Benchmarks;

/// <summary>The load generators the benchmark runs: wrk (HTTP) and pgbench (PostgreSQL).</summary>
public sealed record ExternalTools(string Wrk, string Pgbench)
{
    public static ExternalTools Find()
    {
        var wrk = OnPath("wrk") ?? throw new BenchmarkPrerequisiteException(
            "wrk is not installed: apt-get install -y wrk (Debian/Ubuntu), then run the benchmark again.");
        return new ExternalTools(wrk, FindPgbench());
    }

    private static string FindPgbench()
    {
        // The pgbench beside the server binaries, so client and server versions match.
        var configured = Environment.GetEnvironmentVariable("KEYKEEPER_PG_BIN");
        var candidates = configured is { Length: > 0 }
            ? [Path.Combine(configured, "pgbench")]
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
                    .Select(version => Path.Combine(version, "bin", "pgbench"))
                : [];
        return candidates.FirstOrDefault(File.Exists) ?? OnPath("pgbench") ?? throw new BenchmarkPrerequisiteException(
            "pgbench is not installed: it comes with the PostgreSQL server packages (apt-get install -y postgresql).");
    }

    private static string? OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}
