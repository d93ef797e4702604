using System.Net.Http.Headers;

namespace KeyKeeper.Benchmarks;

/// <summary>Sections 1 and 2: save-key against pgbench for heavy and light users, reads against bare Kestrel.</summary>
public sealed partial class BenchmarkRun
{
    private const string Heavy = "heavy";
    private const string Light = "light";
    private const string ValuePath = "/api/keys/bench-1/value";

    private sealed record SavePair(string Shape, int Round, int Connections, MeasuredRun SaveKey, MeasuredRun Pgbench);

    private sealed record ReadPair(string Path, int Round, MeasuredRun Read, MeasuredRun Bare);

    private sealed record ComparedPairs(List<SavePair> Saves, List<ReadPair> Reads, int HeavyRowBytes, int LightRowBytes);

    private async Task<ComparedPairs> MeasureComparedPairsAsync(
        BenchmarkDeployment deployment, HttpClient http, BenchmarkUsers users, ExternalTools tools, string workDirectory, CancellationToken cancellation)
    {
        Progress($"Creating {LightUsers} light users ({BenchmarkUsers.UserShape.Light.Versions} versions of one key) and an app token for bench-1 per heavy user");
        var light = await BenchmarkUsers.CreateAsync(http, LightUsers, options.SignUpParallelism, BenchmarkUsers.UserShape.Light, cancellation);
        var appTokens = await users.CreateAppTokensAsync(http, BenchmarkUsers.Providers[0], options.SignUpParallelism, cancellation);
        var heavyWrk = new WrkLoad(tools.Wrk, await WriteTokensAsync(workDirectory, "heavy", users.Tokens, cancellation));
        var lightWrk = new WrkLoad(tools.Wrk, await WriteTokensAsync(workDirectory, "light", light.Tokens, cancellation), "1");
        var appWrk = new WrkLoad(tools.Wrk, await WriteTokensAsync(workDirectory, "app", appTokens, cancellation), ValuePath);
        var pgbench = new PgbenchLoad(tools.Pgbench, deployment.Postgres, BenchmarkDeployment.Database, workDirectory);

        var saves = new List<SavePair>();
        var reads = new List<ReadPair>();
        var (listBody, listType) = await ResponseAsync(http, "/api/keys", users.Tokens[0], cancellation);
        var (valueBody, valueType) = await ResponseAsync(http, ValuePath, appTokens[0], cancellation);
        await using var bareList = await BareKestrelServer.StartAsync(listBody, listType);
        await using var bareValue = await BareKestrelServer.StartAsync(valueBody, valueType, ValuePath);
        foreach (var (shape, wrk, prefix, count) in new[] { (Heavy, heavyWrk, "bench-user", options.Users), (Light, lightWrk, UserShapeLightPrefix, LightUsers) })
        {
            if (shape == Light)
            {
                // Saving adds versions up to the most kept: first bring the light rows to the size the load keeps them at.
                await wrk.RunAsync(deployment.FrontendUrl, WrkLoad.SaveKeyScript, options.SaveConnections.Min(), WarmupLength, cancellation);
            }

            await pgbench.PrepareAsync(deployment.Db, count, await SampleRowAsync(deployment, prefix), options.SaveConnections.Max());
            for (var round = 1; round <= options.Rounds; round++)
            {
                // The last round's app runs wait for PostgreSQL's statistics, for exact commits per request.
                var lastRound = round == options.Rounds;
                foreach (var connections in options.SaveConnections)
                {
                    var limit = await MeasureAsync($"pgbench {shape} row @{connections}", deployment, PgbenchLoad.Table, settle: false,
                        keep => pgbench.RunAsync(connections, keep ? RunLength : WarmupLength, keepLatencies: keep, cancellation), cancellation);
                    var save = await MeasureAsync($"save-key {shape} @{connections}", deployment, GrainStateTable, settle: lastRound && connections == options.SaveConnections.Max(),
                        keep => wrk.RunAsync(deployment.FrontendUrl, WrkLoad.SaveKeyScript, connections, keep ? RunLength : WarmupLength, cancellation), cancellation);
                    saves.Add(new SavePair(shape, round, connections, save, limit));
                }

                if (shape == Heavy)
                {
                    foreach (var (path, bare, readWrk) in new[] { ("/api/keys", bareList, heavyWrk), (ValuePath, bareValue, appWrk) })
                    {
                        var bareRun = await MeasureAsync($"bare Kestrel {path} @{options.ReadConnections}", deployment, GrainStateTable, settle: false,
                            keep => readWrk.RunAsync(bare.Url, WrkLoad.ListKeysScript, options.ReadConnections, keep ? RunLength : WarmupLength, cancellation), cancellation);
                        var read = await MeasureAsync($"GET {path} @{options.ReadConnections}", deployment, GrainStateTable, settle: lastRound,
                            keep => readWrk.RunAsync(deployment.FrontendUrl, WrkLoad.ListKeysScript, options.ReadConnections, keep ? RunLength : WarmupLength, cancellation), cancellation);
                        reads.Add(new ReadPair(path, round, read, bareRun));
                    }
                }
            }
        }

        return new ComparedPairs(saves, reads, await RowBytesAsync(deployment, "bench-user"), await RowBytesAsync(deployment, UserShapeLightPrefix));
    }

    private static string UserShapeLightPrefix => BenchmarkUsers.UserShape.Light.NamePrefix;

    private int LightUsers => BenchmarkOptions.MinimumUsers;

    private static async Task<string> WriteTokensAsync(string workDirectory, string name, IEnumerable<string> tokens, CancellationToken cancellation)
    {
        var file = Path.Combine(workDirectory, $"tokens-{name}.txt");
        await File.WriteAllLinesAsync(file, tokens, cancellation);
        return file;
    }

    /// <summary>The average stored payload of the users whose names start with <paramref name="namePrefix"/>.</summary>
    private static async Task<int> RowBytesAsync(BenchmarkDeployment deployment, string namePrefix)
    {
        await using var command = deployment.Db.CreateCommand(
            "SELECT round(avg(length(payload)))::int FROM grain_state WHERE grain_type = 'user-keys' AND grain_id_string LIKE 'user/' || $1 || '-%'");
        command.Parameters.Add(new() { Value = namePrefix });
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A real user's row as stored, so pgbench writes rows that compress (and TOAST) like the app's.</summary>
    private static async Task<string> SampleRowAsync(BenchmarkDeployment deployment, string namePrefix)
    {
        await using var command = deployment.Db.CreateCommand("""
            SELECT convert_from(payload, 'UTF8') FROM grain_state
            WHERE grain_type = 'user-keys' AND payload IS NOT NULL AND grain_id_string LIKE 'user/' || $1 || '-%'
            ORDER BY length(payload) DESC LIMIT 1
            """);
        command.Parameters.Add(new() { Value = namePrefix });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(byte[] Body, string ContentType)> ResponseAsync(HttpClient http, string path, string token, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(cancellation), response.Content.Headers.ContentType!.ToString());
    }
}
