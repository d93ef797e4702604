using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// Section 8: chat completions to a stand-in upstream directly, through bare YARP (the limit for a
/// .NET proxy here) and through the gateway, plain and streamed, back to back.
/// </summary>
public sealed partial class BenchmarkRun
{
    private const string GatewayProvider = "bench-1";
    private const string Direct = "direct";
    private const string BareYarp = "bare YARP";
    private const string Gateway = "gateway";
    private const double GatewayGoal = 0.6;
    private const double AddedP50GoalMilliseconds = 1.0;

    /// <summary>The stand-in as the gateway's provider; every other setting as given.</summary>
    private IReadOnlyDictionary<string, string> SettingsWithUpstream(StandInUpstream? upstream) =>
        upstream is null
            ? options.ServiceSettings
            : new Dictionary<string, string>(options.ServiceSettings) { [$"Providers:{GatewayProvider}:BaseUrl"] = upstream.Url + StandInUpstream.BasePath };

    private async Task<List<(int Round, bool Streamed, string Path, MeasuredRun Run)>> MeasureGatewayAsync(
        BenchmarkDeployment deployment, HttpClient http, BenchmarkUsers users, StandInUpstream upstream, string wrkPath, string workDirectory, CancellationToken cancellation)
    {
        Progress($"Gateway: an app token for {GatewayProvider} per user, through the API (a password check each)");
        var appTokens = await users.CreateAppTokensAsync(http, GatewayProvider, options.SignUpParallelism, cancellation);
        var appTokensFile = Path.Combine(workDirectory, "app-tokens.txt");
        await File.WriteAllLinesAsync(appTokensFile, appTokens, cancellation);

        await using var bareYarp = await BareYarpForwarder.StartAsync(upstream.Url);
        var chat = StandInUpstream.BasePath + StandInUpstream.ChatPath;
        (string Name, string Url)[] paths =
        [
            (Direct, upstream.Url + chat),
            (BareYarp, bareYarp.Url + chat),
            (Gateway, $"{deployment.FrontendUrl}/proxy/{GatewayProvider}{StandInUpstream.ChatPath}"),
        ];
        foreach (var (name, url) in paths)
        {
            await ExpectStandInAnswerAsync(http, name, url, appTokens[0], streamed: false, cancellation);
            await ExpectStandInAnswerAsync(http, name, url, appTokens[0], streamed: true, cancellation);
        }

        var runs = new List<(int Round, bool Streamed, string Path, MeasuredRun Run)>();
        for (var round = 1; round <= options.GatewayRounds; round++)
        {
            foreach (var streamed in new[] { false, true })
            {
                var wrk = streamed ? new WrkLoad(wrkPath, appTokensFile, "stream") : new WrkLoad(wrkPath, appTokensFile);
                foreach (var (name, url) in paths)
                {
                    var run = await MeasureRunAsync($"{ModeOf(streamed)} {name} @{options.GatewayConnections}", deployment, GrainStateTable, settle: false,
                        keep => wrk.RunAsync(url, WrkLoad.ChatScript, options.GatewayConnections, keep ? RunLength : WarmupLength, cancellation), cancellation);
                    runs.Add((round, streamed, name, run));
                }
            }
        }

        return runs;
    }

    /// <summary>One request of each kind before the load, so that the load measures answers, not refusals: wrk counts only status 400 and up as errors.</summary>
    private static async Task ExpectStandInAnswerAsync(HttpClient http, string path, string url, string appToken, bool streamed, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(StandInUpstream.RequestBody(streamed), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appToken);
        using var response = await http.SendAsync(request, cancellation);
        var body = await response.Content.ReadAsByteArrayAsync(cancellation);
        byte[] expected = streamed ? [.. StandInUpstream.StreamEvents.SelectMany(streamEvent => streamEvent)] : StandInUpstream.Completion;
        if (response.StatusCode != HttpStatusCode.OK || !body.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"{ModeOf(streamed)} {path} answered {(int)response.StatusCode} with '{Encoding.UTF8.GetString(body)}', not the stand-in's fixed answer.");
        }
    }

    private static string ModeOf(bool streamed) => streamed ? "streamed" : "plain";

    private void WriteGatewayReport(List<(int Round, bool Streamed, string Path, MeasuredRun Run)> runs)
    {
        var o = output;
        o.WriteLine();
        WriteOnlyHeader(options.GatewayOnly, "gateway", $"Every measured run: {options.RunSeconds} s after a {options.WarmupSeconds} s warm-up of the same load; {options.GatewayRounds} round(s).");

        var rounds = options.GatewayRounds > 1 ? ", median of rounds" : string.Empty;
        o.WriteLine($"8. Gateway: POST {StandInUpstream.BasePath}{StandInUpstream.ChatPath} to a stand-in upstream with a fixed answer (Kestrel in this process),");
        o.WriteLine($"  {options.GatewayConnections} connections, wrk rotating over {options.Users} users' app tokens: {Direct}; through {BareYarp} (IHttpForwarder in this process, no");
        o.WriteLine($"  auth, no grain call); through the {Gateway} (/proxy/{GatewayProvider}: app token checked, the user's grain asked for the key, key attached)");
        foreach (var streamed in new[] { false, true })
        {
            var mode = runs.Where(run => run.Streamed == streamed).ToList();
            o.WriteLine(streamed
                ? $"  streamed: text/event-stream, {StandInUpstream.StreamEvents.Count} events of {StandInUpstream.StreamEvents.Sum(streamEvent => streamEvent.Length)} bytes in all, one flush each"
                : $"  plain: application/json, {StandInUpstream.Completion.Length} bytes");
            var table = new TextTable("round", "path", "req/s", "p50 ms", "p99 ms", "errors", "frontend us/req", "silo us/req", "bench us/req", "other cores",
                "write tx/req", "WAL bytes/req", "key row versions/req");
            foreach (var (round, _, path, run) in mode)
            {
                var gateway = path == Gateway;
                table.Add($"{round}", path, Format.Rate(run.Load.PerSecond), Format.Ms(run.Load.P50Milliseconds), Format.Ms(run.Load.P99Milliseconds), $"{run.Load.Errors}",
                    gateway ? Format.Number(run.MicrosecondsPerRequest(Frontend)) : "-", gateway ? Format.Number(run.MicrosecondsPerRequest(Silo)) : "-",
                    Format.Number(run.MicrosecondsPerRequest(ThisProcess)), Format.Cores(run.Cpu.Other),
                    gateway ? Format.Number(run.PerRequest(run.Database.NextTransactionId), "0.00") : "-",
                    gateway ? Format.Number(run.PerRequest(run.Database.WalBytes), "0") : "-",
                    gateway ? Format.Number(run.PerRequest(run.Database.RowVersions), "0.00") : "-");
            }

            o.Write(table);
            var byRound = mode.GroupBy(run => run.Round)
                .Select(group => (Direct: LoadOf(group, Direct), Bare: LoadOf(group, BareYarp), Gateway: LoadOf(group, Gateway)))
                .ToList();
            var ratio = Median(byRound.Select(r => r.Gateway.PerSecond / r.Bare.PerSecond));
            var addedP50 = Median(byRound.Select(r => r.Gateway.P50Milliseconds - r.Direct.P50Milliseconds));
            var addedP99 = Median(byRound.Select(r => r.Gateway.P99Milliseconds - r.Direct.P99Milliseconds));
            o.WriteLine($"  {Gateway} / {BareYarp} req/s{rounds}: {Format.Ratio(ratio)} (goal >= {GatewayGoal:0.00}) {Verdict(ratio, GatewayGoal)}; " +
                $"{BareYarp} / {Direct}: {Format.Ratio(Median(byRound.Select(r => r.Bare.PerSecond / r.Direct.PerSecond)))}");
            o.WriteLine($"  added by the {Gateway} over {Direct}{rounds}: p50 {Added(addedP50)} ms (goal <= {AddedP50GoalMilliseconds:0.0} ms) " +
                $"{(addedP50 <= AddedP50GoalMilliseconds ? "MET" : "NOT MET")}, p99 {Added(addedP99)} ms");
        }

        o.WriteLine("  errors: wrk's failed requests (status 400 and up, connect, read, write, timeout); before the load, each path answered one plain and one");
        o.WriteLine("  streamed request with 200 and the stand-in's exact bytes. us/req: CPU per request; bench = this process (the stand-in, and bare YARP).");
        o.WriteLine("  write tx/req, WAL bytes/req: PostgreSQL's writing transactions and write-ahead log per request (the usage ledger's upsert);");
        o.WriteLine("  key row versions/req: new versions of grain_state rows (the users' keys), which a proxied request must never write (goal 0.00).");
        o.WriteLine($"  wrk keeps {options.GatewayConnections} requests in flight, so latency is mostly the wait in line: the mean is {options.GatewayConnections} / req/s on every path.");
        var noisy = runs.Where(run => run.Run.Cpu.Other > 0.10).Select(run => run.Run.Name).ToList();
        if (noisy.Count > 0)
        {
            o.WriteLine($"  WARNING: other processes used more than 0.10 cores during: {string.Join(", ", noisy)}.");
        }
    }

    private static LoadResult LoadOf(IEnumerable<(int Round, bool Streamed, string Path, MeasuredRun Run)> runs, string path) =>
        runs.Single(run => run.Path == path).Run.Load;

    private static string Added(double milliseconds) => (milliseconds >= 0 ? "+" : "") + Format.Ms(milliseconds);
}
