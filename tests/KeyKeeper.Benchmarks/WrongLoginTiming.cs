using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// Wrong logins through the API for names that exist and names that do not, one at a time and
/// interleaved, each from a grain that is not active, as an attacker's first guess meets it. Both
/// must cost the same, or the time of a refusal tells which names exist.
/// </summary>
public static class WrongLoginTiming
{
    /// <summary>The median latencies may differ by this fraction at most.</summary>
    public const double Tolerance = 0.10;

    public static async Task<WrongLoginResult> MeasureAsync(
        HttpClient http, ClusterInspector inspector, int logins, CancellationToken cancellation)
    {
        // Warm the code paths of both kinds; the deactivation below makes every real name cold again.
        for (var i = 0; i < 20; i++)
        {
            await TimeAsync(http, BenchmarkUsers.NameOf(i), cancellation);
            await TimeAsync(http, UnknownName(), cancellation);
        }

        await inspector.DeactivateIdleGrainsAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var real = new List<double>(logins);
        var unknown = new List<double>(logins);
        for (var i = 0; i < logins; i++)
        {
            real.Add(await TimeAsync(http, BenchmarkUsers.NameOf(i), cancellation));
            unknown.Add(await TimeAsync(http, UnknownName(), cancellation));
        }

        return new WrongLoginResult(real, unknown);
    }

    private static string UnknownName() => $"bench-nobody-{Guid.NewGuid():N}";

    private static async Task<double> TimeAsync(HttpClient http, string name, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/account/login", new { username = name, password = "a wrong password guess" }, cancellation);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException($"a wrong login for '{name}' answered {(int)response.StatusCode}, expected 401");
        }

        return elapsed;
    }
}

/// <summary>Latencies (ms) of wrong logins for real names and for unknown ones.</summary>
public sealed record WrongLoginResult(IReadOnlyList<double> Real, IReadOnlyList<double> Unknown)
{
    public double RealMedian => Percentiles.Of(Real, 50);

    public double UnknownMedian => Percentiles.Of(Unknown, 50);

    public double Ratio => UnknownMedian / RealMedian;

    public bool Met => Math.Abs(Ratio - 1) <= WrongLoginTiming.Tolerance;
}
