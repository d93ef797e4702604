using System.Globalization;
using KeyKeeper.Testing;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// Runs wrk with one of the benchmark's Lua scripts and reads the line the script prints at the end.
/// The script gets the tokens file, wrk's thread count, a run id, then any script arguments (a variant of its load).
/// </summary>
public sealed class WrkLoad(string wrkPath, string tokensFile, params string[] scriptArguments)
{
    public const string SaveKeyScript = "save-key.lua";
    public const string ListKeysScript = "list-keys.lua";
    public const string ChatScript = "chat-completions.lua";

    private static int _runs;

    /// <summary>A path in <paramref name="url"/> is the one a script's requests go to when it names none.</summary>
    public async Task<LoadResult> RunAsync(string url, string script, int connections, TimeSpan duration, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var threads = Math.Min(Environment.ProcessorCount, connections);
        // A run id per run, so that no save repeats a value stored by an earlier run.
        var runId = $"{Environment.ProcessId}r{Interlocked.Increment(ref _runs)}";
        var output = await ProcessRunner.RunAsync(wrkPath,
            [
                "-t", threads.ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", $"{(int)duration.TotalSeconds}s",
                "--timeout", "10s",
                "-s", Path.Combine(AppContext.BaseDirectory, "Scripts", script),
                url,
                "--", tokensFile, threads.ToString(CultureInfo.InvariantCulture), runId, .. scriptArguments,
            ],
            duration + TimeSpan.FromSeconds(30));
        return Parse(output);
    }

    private static LoadResult Parse(string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no RESULT line:\n{output}");
        var values = line["RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture));
        var errors = values.Where(pair => pair.Key.StartsWith("errors_", StringComparison.Ordinal)).Sum(pair => pair.Value);
        return new LoadResult(values["requests"], values["duration_us"] / 1e6, values["p50_us"] / 1e3, values["p99_us"] / 1e3, errors);
    }
}
