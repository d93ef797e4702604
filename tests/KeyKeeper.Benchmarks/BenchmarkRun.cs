using System.Diagnostics;
using System.Net;
using KeyKeeper.Testing;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// The whole benchmark, in one process run: start KeyKeeper with durable PostgreSQL, create users,
/// then measure save-key against pgbench, reads against bare Kestrel, the gateway against bare YARP,
/// cold activation and memory per grain, and print the report.
/// </summary>
public sealed partial class BenchmarkRun(BenchmarkOptions options, TextWriter output)
{
    private const string Silo = "silo";
    private const string Frontend = "frontend";
    private const string Postgres = "postgres";
    private const string LoadGenerator = "load generator";
    private const string ThisProcess = "benchmark";
    private const string GrainStateTable = "grain_state";
    private const double SaveGoal = 0.6;
    private const double ReadGoal = 0.5;
    private const double LegacyImportGoal = 10_000 / 60.0;
    private const double FirstAnswerGoalMilliseconds = 50;
    private const double ParallelActivationGoalMilliseconds = 25;
    private const int ColdRestarts = 5;

    // A backend that reported less than a second ago holds its statistics back for up to 10 s when idle.
    private static readonly TimeSpan StatisticsSettleTime = TimeSpan.FromSeconds(11);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<MeasuredRun> _runs = [];
    private double _userCreationSeconds;

    public async Task ExecuteAsync(CancellationToken cancellation)
    {
        if (!options.LegacyImportOnly)
        {
            await MeasureServiceAsync(cancellation);
        }

        // Its own PostgreSQL, started after the service's is stopped, so the two never share the machine.
        if (options.LegacyImportOnly || !(options.CompareOnly || options.WrongLoginsOnly || options.GatewayOnly || options.ColdStartOnly || options.ScaleOnly))
        {
            var legacy = await new LegacyImportBenchmark(options, Progress).RunAsync(cancellation);
            WriteLegacyImportReport(legacy);
        }

        output.WriteLine();
        output.WriteLine($"Total run time: {Format.Duration(_clock.Elapsed)}");
    }

    /// <summary>Sections 1-6 and 8: the running service (a silo and a frontend) against its limits.</summary>
    private async Task MeasureServiceAsync(CancellationToken cancellation)
    {
        var tools = options.WrongLoginsOnly ? null : ExternalTools.Find();
        var workDirectory = Directory.CreateTempSubdirectory("keykeeper-bench-").FullName;
        try
        {
            // Up before the frontend, which is given its address as the gateway's provider.
            await using var upstream = options.IncludesGateway ? await StandInUpstream.StartAsync() : null;
            await using var deployment = await StartAsync(SettingsWithUpstream(upstream), cancellation);
            using var http = NewHttpClient(deployment.FrontendUrl);

            Progress($"Creating {options.Users} users through the API (sign-up, login, {BenchmarkUsers.VersionsPerProvider} versions of {BenchmarkUsers.Providers.Length} keys each; PBKDF2 makes this slow)");
            var signUpClock = Stopwatch.StartNew();
            BenchmarkUsers users;
            try
            {
                users = await BenchmarkUsers.CreateAsync(http, options.Users, options.SignUpParallelism, cancellation);
            }
            catch (InvalidOperationException)
            {
                output.WriteLine($"The frontend's last lines:\n{deployment.Frontend!.RecentOutput}\nThe silo's last lines:\n{deployment.Silo!.RecentOutput}");
                throw;
            }

            _userCreationSeconds = signUpClock.Elapsed.TotalSeconds;
            var tokensFile = Path.Combine(workDirectory, "tokens.txt");
            await File.WriteAllLinesAsync(tokensFile, users.Tokens, cancellation);
            Progress($"Users ready; a user's grain_state row holds {await AverageRowBytesAsync(deployment)} bytes of payload");
            if (options.WrongLoginsOnly)
            {
                WriteWrongLoginReport(await MeasureWrongLoginsAsync(deployment, http, cancellation));
                return;
            }

            if (options.ColdStartOnly)
            {
                WriteColdActivationReport(await MeasureColdActivationAsync(deployment, http, users, cancellation));
                return;
            }

            if (options.GatewayOnly)
            {
                WriteGatewayReport(await MeasureGatewayAsync(deployment, http, users, upstream!, tools!.Wrk, workDirectory, cancellation));
                return;
            }

            var wrk = new WrkLoad(tools!.Wrk, tokensFile);
            if (options.ScaleOnly)
            {
                WriteScaleReport(await MeasureScaleAsync(deployment, http, wrk, cancellation));
                return;
            }

            var compared = await MeasureComparedPairsAsync(deployment, http, users, tools, workDirectory, cancellation);

            var gateway = options.CompareOnly ? null : await MeasureGatewayAsync(deployment, http, users, upstream!, tools.Wrk, workDirectory, cancellation);
            var cold = options.CompareOnly ? null : await MeasureColdActivationAsync(deployment, http, users, cancellation);
            var wrongLogins = options.CompareOnly ? null : await MeasureWrongLoginsAsync(deployment, http, cancellation);
            var scale = options.CompareOnly ? null : await MeasureScaleAsync(deployment, http, wrk, cancellation);

            await WriteReportAsync(deployment, compared, cold, scale);
            if (wrongLogins is not null)
            {
                WriteWrongLoginReport(wrongLogins);
            }

            if (gateway is not null)
            {
                WriteGatewayReport(gateway);
            }
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    private TimeSpan RunLength => TimeSpan.FromSeconds(options.RunSeconds);

    private TimeSpan WarmupLength => TimeSpan.FromSeconds(options.WarmupSeconds);

    private async Task<BenchmarkDeployment> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellation)
    {
        Progress($"Starting PostgreSQL (durable commits), the migrator, a silo and a frontend ({BuiltApp.Configuration} build)");
        var deployment = await BenchmarkDeployment.StartAsync(settings, cancellation);
        Progress($"Running: frontend {deployment.FrontendUrl}, silo pid {deployment.Silo!.Id}, frontend pid {deployment.Frontend!.Id}, postmaster pid {deployment.PostmasterPid}");
        return deployment;
    }

    /// <summary><see cref="MeasureRunAsync"/> for sections 1-2, whose runs section 3 lists.</summary>
    private async Task<MeasuredRun> MeasureAsync(
        string name, BenchmarkDeployment deployment, string versionedTable, bool settle, Func<bool, Task<LoadResult>> run, CancellationToken cancellation)
    {
        var measured = await MeasureRunAsync(name, deployment, versionedTable, settle, run, cancellation);
        _runs.Add(measured);
        return measured;
    }

    /// <summary>A warm-up run, then the measured run with the CPU of every process and PostgreSQL's counters around it.</summary>
    private async Task<MeasuredRun> MeasureRunAsync(
        string name, BenchmarkDeployment deployment, string versionedTable, bool settle, Func<bool, Task<LoadResult>> run, CancellationToken cancellation)
    {
        await run(false);
        if (settle)
        {
            await Task.Delay(StatisticsSettleTime, cancellation);
        }

        var before = await DatabaseCounters.ReadAsync(deployment.Db, versionedTable);
        var cpu = CpuSampler.Start(CpuGroups(deployment));
        var load = await run(true);
        var split = cpu.Stop();
        if (settle)
        {
            await Task.Delay(StatisticsSettleTime, cancellation);
        }

        var after = await DatabaseCounters.ReadAsync(deployment.Db, versionedTable);
        var measured = new MeasuredRun(name, load, split, after.Minus(before), settle);
        Progress($"{name}: {Format.Rate(load.PerSecond)}/s, p50 {Format.Ms(load.P50Milliseconds)} ms, p99 {Format.Ms(load.P99Milliseconds)} ms, errors {load.Errors}");
        return measured;
    }

    private static IReadOnlyList<CpuGroup> CpuGroups(BenchmarkDeployment deployment) =>
    [
        CpuGroup.Process(Silo, deployment.Silo!.Id),
        CpuGroup.Process(Frontend, deployment.Frontend!.Id),
        CpuGroup.ProcessTree(Postgres, deployment.PostmasterPid),
        CpuGroup.FinishedChildrenOfThisProcess(LoadGenerator),
        CpuGroup.Process(ThisProcess, Environment.ProcessId),
    ];

    /// <summary>
    /// A restart gives the first request of a cold process. Then, with the code paths warm, every
    /// user grain is deactivated as the idle collector would do it, and first requests are timed:
    /// a user coming back after their grain was collected.
    /// </summary>
    private async Task<ColdActivationResult> MeasureColdActivationAsync(
        BenchmarkDeployment deployment, HttpClient http, BenchmarkUsers users, CancellationToken cancellation)
    {
        var firstAnswers = new List<double>();
        for (var restart = 0; restart < ColdRestarts; restart++)
        {
            Progress($"Cold start: restarting the silo (SIGTERM, same ports), {restart + 1} of {ColdRestarts}");
            await deployment.RestartSiloAsync(cancellation);
            firstAnswers.AddRange(await BenchmarkUsers.TimeListRequestsAsync(http, [users.Tokens[restart]], 1, HttpStatusCode.OK, cancellation));
        }

        Progress($"Cold start: first answers after a restart {string.Join(", ", firstAnswers.Select(Format.Ms))} ms");

        // Warm the code paths (JIT tiers, pools) on every user and some unknown users, twice.
        for (var pass = 0; pass < 2; pass++)
        {
            var unknown = Enumerable.Range(0, 200).Select(i => BenchmarkUsers.PlaceholderToken("bench-warm", i));
            await BenchmarkUsers.TimeListRequestsAsync(http, unknown, options.ActivationParallelism, HttpStatusCode.Unauthorized, cancellation);
            await BenchmarkUsers.TimeListRequestsAsync(http, users.Tokens, options.ActivationParallelism, HttpStatusCode.OK, cancellation);
        }

        await using var inspector = await ConnectInspectorAsync(deployment, cancellation);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var leftActive = await inspector.DeactivateIdleGrainsAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var grainsBefore = await inspector.CountUserGrainsAsync();
        var memoryBefore = await SiloMemory.MeasureAsync(deployment.Silo!.Id, cancellation);

        var sequentialUsers = users.Tokens.Take(options.SequentialColdStarts).ToList();
        var sequential = await BenchmarkUsers.TimeListRequestsAsync(http, sequentialUsers, 1, HttpStatusCode.OK, cancellation);
        var sequentialWarm = await BenchmarkUsers.TimeListRequestsAsync(http, sequentialUsers, 1, HttpStatusCode.OK, cancellation);
        var parallelUsers = users.Tokens.Skip(options.SequentialColdStarts).ToList();
        var started = Stopwatch.GetTimestamp();
        var parallel = await BenchmarkUsers.TimeListRequestsAsync(http, parallelUsers, options.ActivationParallelism, HttpStatusCode.OK, cancellation);
        var parallelSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var memoryAfter = await SiloMemory.MeasureAsync(deployment.Silo!.Id, cancellation);
        var grainsAfter = await inspector.CountUserGrainsAsync();
        Progress($"Cold activation: sequential p50 {Format.Ms(Percentiles.Of(sequential, 50))} ms, parallel p50 {Format.Ms(Percentiles.Of(parallel, 50))} ms; {grainsAfter - grainsBefore} grains activated");
        return new ColdActivationResult(firstAnswers, sequential, sequentialWarm, parallel, parallelSeconds, options.ActivationParallelism,
            grainsAfter - grainsBefore, leftActive, memoryBefore, memoryAfter);
    }

    private async Task<WrongLoginResult> MeasureWrongLoginsAsync(BenchmarkDeployment deployment, HttpClient http, CancellationToken cancellation)
    {
        Progress($"Wrong logins: {options.WrongLogins} for real names and {options.WrongLogins} for unknown names, interleaved, each grain cold");
        await using var inspector = await ConnectInspectorAsync(deployment, cancellation);
        var result = await WrongLoginTiming.MeasureAsync(http, inspector, options.WrongLogins, cancellation);
        Progress($"Wrong logins: median real name {Format.Ms(result.RealMedian)} ms, unknown name {Format.Ms(result.UnknownMedian)} ms");
        return result;
    }

    private static Task<ClusterInspector> ConnectInspectorAsync(BenchmarkDeployment deployment, CancellationToken cancellation) =>
        ClusterInspector.ConnectAsync(deployment.ConnectionString, BenchmarkDeployment.ClusterId, BenchmarkDeployment.ServiceId, cancellation);

    private static async Task<int> AverageRowBytesAsync(BenchmarkDeployment deployment)
    {
        await using var command = deployment.Db.CreateCommand("SELECT round(avg(length(payload)))::int FROM grain_state WHERE grain_type = 'user-keys'");
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static HttpClient NewHttpClient(string baseUrl) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 128, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };

    private void Progress(string message) =>
        output.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");

    private async Task WriteReportAsync(
        BenchmarkDeployment deployment,
        ComparedPairs compared,
        ColdActivationResult? cold,
        ScaleResult? scale)
    {
        var settings = await PostgresSettingsAsync(deployment);
        var o = output;
        o.WriteLine();
        o.WriteLine("================================ KeyKeeper benchmark ================================");
        o.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Format.Megabytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} MB; .NET {Environment.Version}; {BuiltApp.Configuration} build; PostgreSQL {settings}");
        o.WriteLine($"Every measured run: {options.RunSeconds} s after a {options.WarmupSeconds} s warm-up of the same load; compared pairs run back to back, {options.Rounds} round(s).");
        if (options.ServiceSettings.Count > 0)
        {
            o.WriteLine($"Extra service settings: {string.Join(", ", options.ServiceSettings.Select(pair => $"{pair.Key}={pair.Value}"))}");
        }

        o.WriteLine($"Load: wrk with {Environment.ProcessorCount} threads, over users made through the API: {options.Users} heavy ({BenchmarkUsers.Providers.Length} keys of {BenchmarkUsers.VersionsPerProvider} versions, a {compared.HeavyRowBytes}-byte payload) and {LightUsers} light (1 key, {compared.LightRowBytes} bytes).");
        o.WriteLine();

        o.WriteLine("1. Durable save-key (PUT /api/keys/{provider}, each a new value) vs the PostgreSQL limit (pgbench upserting the same user's row as stored)");
        var saveTable = new TextTable("user", "round", "conns", "save-key/s", "p50 ms", "p99 ms", "errors", "pgbench tps", "p50 ms", "p99 ms", "failed", $"ratio (goal >= {SaveGoal:0.00})");
        foreach (var pair in compared.Saves)
        {
            var (save, limit) = (pair.SaveKey.Load, pair.Pgbench.Load);
            var ratio = save.PerSecond / limit.PerSecond;
            saveTable.Add(pair.Shape, $"{pair.Round}", $"{pair.Connections}", Format.Rate(save.PerSecond), Format.Ms(save.P50Milliseconds), Format.Ms(save.P99Milliseconds),
                $"{save.Errors}", Format.Rate(limit.PerSecond), Format.Ms(limit.P50Milliseconds), Format.Ms(limit.P99Milliseconds),
                $"{limit.Errors}", $"{Format.Ratio(ratio)} {Verdict(ratio, SaveGoal)}");
        }

        o.Write(saveTable);
        foreach (var group in compared.Saves.GroupBy(s => (s.Shape, s.Connections)))
        {
            var ratio = Median(group.Select(s => s.SaveKey.Load.PerSecond / s.Pgbench.Load.PerSecond));
            o.WriteLine($"  save-key / pgbench, {group.Key.Shape} user, {group.Key.Connections} connections, median of rounds: {Format.Ratio(ratio)} (goal >= {SaveGoal:0.00}) {Verdict(ratio, SaveGoal)}");
        }

        o.WriteLine();
        o.WriteLine($"2. Reads ({options.ReadConnections} connections) vs bare Kestrel answering the same bytes in-process: the list (login token) and a key's value (app token)");
        var readTable = new TextTable("read", "round", "KeyKeeper/s", "p50 ms", "p99 ms", "errors", "bare Kestrel/s", "p50 ms", "p99 ms", $"ratio (goal >= {ReadGoal:0.00})");
        foreach (var pair in compared.Reads)
        {
            var ratio = pair.Read.Load.PerSecond / pair.Bare.Load.PerSecond;
            readTable.Add($"GET {pair.Path}", $"{pair.Round}", Format.Rate(pair.Read.Load.PerSecond), Format.Ms(pair.Read.Load.P50Milliseconds), Format.Ms(pair.Read.Load.P99Milliseconds),
                $"{pair.Read.Load.Errors}", Format.Rate(pair.Bare.Load.PerSecond), Format.Ms(pair.Bare.Load.P50Milliseconds), Format.Ms(pair.Bare.Load.P99Milliseconds),
                $"{Format.Ratio(ratio)} {Verdict(ratio, ReadGoal)}");
        }

        o.Write(readTable);
        foreach (var group in compared.Reads.GroupBy(r => r.Path))
        {
            var readRatio = Median(group.Select(r => r.Read.Load.PerSecond / r.Bare.Load.PerSecond));
            o.WriteLine($"  GET {group.Key} / bare Kestrel, median of rounds: {Format.Ratio(readRatio)} (goal >= {ReadGoal:0.00}) {Verdict(readRatio, ReadGoal)}");
        }

        o.WriteLine($"  Telemetry as shipped: traces sampled at Telemetry:TraceSampleRatio's default outside Development ({KeyKeeper.ServiceDefaults.TraceSampling.DefaultRatioOutsideDevelopment:0.00}), metrics and logs on.");
        o.WriteLine();
        o.WriteLine($"3. Where the time goes: CPU in cores (of {Environment.ProcessorCount}) during each measured run, CPU per request, PostgreSQL work per request");
        var cpuTable = new TextTable("run", "req/s", Silo, Frontend, Postgres, "loadgen", "bench", "other", "idle", "us/req silo", "frontend", "postgres", "commits/req", "write tx/req", "row versions/req");
        foreach (var run in _runs)
        {
            cpuTable.Add(run.Name, Format.Rate(run.Load.PerSecond),
                Format.Cores(run.Cpu.CoresOf(Silo)), Format.Cores(run.Cpu.CoresOf(Frontend)), Format.Cores(run.Cpu.CoresOf(Postgres)),
                Format.Cores(run.Cpu.CoresOf(LoadGenerator)), Format.Cores(run.Cpu.CoresOf(ThisProcess)), Format.Cores(run.Cpu.Other), Format.Cores(run.Cpu.Idle),
                Format.Number(run.MicrosecondsPerRequest(Silo)), Format.Number(run.MicrosecondsPerRequest(Frontend)), Format.Number(run.MicrosecondsPerRequest(Postgres)),
                (run.CountersSettled ? "" : "~") + Format.Number(run.PerRequest(run.Database.Commits), "0.00"), Format.Number(run.PerRequest(run.Database.NextTransactionId), "0.00"),
                Format.Number(run.PerRequest(run.Database.RowVersions), "0.00"));
        }

        o.Write(cpuTable);
        o.WriteLine("  bench = this process (bare Kestrel lives here; it also drains the services' log output). other = everything else on the machine:");
        o.WriteLine("  above ~0.10 cores, something else was running and the numbers of that run are suspect. commits/req: pg_stat_database xact_commit,");
        o.WriteLine("  read-only transactions included; exact where PostgreSQL's statistics were let settle 11 s before and after the run, approximate (~)");
        o.WriteLine("  elsewhere, as backends report late into the next run. write tx/req: transaction ids handed out (exact). row versions/req: growth of");
        o.WriteLine("  sum(version) in grain_state (save-key) or bench_upsert (pgbench): 1.00 means every request was one durable write.");
        var noisy = _runs.Where(run => run.Cpu.Other > 0.10).Select(run => run.Name).ToList();
        if (noisy.Count > 0)
        {
            o.WriteLine($"  WARNING: other processes used more than 0.10 cores during: {string.Join(", ", noisy)}.");
        }

        if (cold is null)
        {
            o.WriteLine();
            o.WriteLine($"Cold activation and memory were skipped (--compare-only). Total run time: {Format.Duration(_clock.Elapsed)}");
            return;
        }

        WriteColdActivationReport(cold);

        if (scale is not null)
        {
            WriteScaleReport(scale);
        }
    }

    private void WriteColdActivationReport(ColdActivationResult cold)
    {
        var o = output;
        o.WriteLine();
        WriteOnlyHeader(options.ColdStartOnly, "cold start and cold activation");
        o.WriteLine("4. Cold activation: first request (GET /api/keys: token check, then list) of users whose grain is not active");
        var firstAnswer = Percentiles.Of(cold.FirstAnswersAfterRestart, 50);
        o.WriteLine($"  first answer after a silo restart (a new process; {cold.FirstAnswersAfterRestart.Count} restarts, each a different user): " +
            $"{string.Join(", ", cold.FirstAnswersAfterRestart.Select(Format.Ms))} ms; median {Format.Ms(firstAnswer)} ms " +
            $"(goal < {FirstAnswerGoalMilliseconds:0} ms) {(firstAnswer < FirstAnswerGoalMilliseconds ? "MET" : "NOT MET")}. Then every user was requested");
        o.WriteLine("  twice to warm the code paths, and all user grains were deactivated through the management grain (ForceActivationCollection),");
        o.WriteLine($"  as the idle collector does after its collection age; {cold.GrainsLeftActive} stayed active. The first request of each user then:");
        var coldTable = new TextTable("requests", "users", "p50 ms", "p99 ms", "max ms", "throughput");
        coldTable.Add("cold, one at a time", $"{cold.Sequential.Count}", Format.Ms(Percentiles.Of(cold.Sequential, 50)), Format.Ms(Percentiles.Of(cold.Sequential, 99)),
            Format.Ms(cold.Sequential.DefaultIfEmpty(double.NaN).Max()), "-");
        coldTable.Add("same users again, warm", $"{cold.SequentialWarm.Count}", Format.Ms(Percentiles.Of(cold.SequentialWarm, 50)), Format.Ms(Percentiles.Of(cold.SequentialWarm, 99)),
            Format.Ms(cold.SequentialWarm.DefaultIfEmpty(double.NaN).Max()), "-");
        coldTable.Add($"cold, {cold.ParallelConcurrency} at once", $"{cold.Parallel.Count}", Format.Ms(Percentiles.Of(cold.Parallel, 50)), Format.Ms(Percentiles.Of(cold.Parallel, 99)),
            Format.Ms(cold.Parallel.DefaultIfEmpty(double.NaN).Max()), $"{Format.Rate(cold.Parallel.Count / cold.ParallelSeconds)} activations/s");
        o.Write(coldTable);
        var parallelP50 = Percentiles.Of(cold.Parallel, 50);
        o.WriteLine($"  cold activation p50 with {cold.ParallelConcurrency} at once: {Format.Ms(parallelP50)} ms (goal < {ParallelActivationGoalMilliseconds:0} ms) " +
            $"{(parallelP50 < ParallelActivationGoalMilliseconds ? "MET" : "NOT MET")}");
        if (cold.GrainsActivated > 0)
        {
            o.WriteLine($"  memory per real user grain ({BenchmarkUsers.Providers.Length} keys, 1 session; {cold.GrainsActivated} grains activated): managed heap " +
                $"{Format.Kilobytes((double)(cold.After.ManagedHeapBytes - cold.Before.ManagedHeapBytes) / cold.GrainsActivated)} KB, RSS " +
                $"{Format.Kilobytes((double)(cold.After.ResidentBytes - cold.Before.ResidentBytes) / cold.GrainsActivated)} KB");
        }
    }

    /// <summary>The banner of a run that measures one section only (--only), with the lines that section adds.</summary>
    private void WriteOnlyHeader(bool only, string section, params string[] details)
    {
        if (!only)
        {
            return;
        }

        output.WriteLine($"==================== KeyKeeper benchmark: {section} ====================");
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Format.Megabytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} MB; .NET {Environment.Version}; {BuiltApp.Configuration} build; a silo and a frontend, PostgreSQL with durable commits");
        foreach (var line in details)
        {
            output.WriteLine(line);
        }

        output.WriteLine();
    }

    private void WriteWrongLoginReport(WrongLoginResult result)
    {
        var o = output;
        o.WriteLine();
        WriteOnlyHeader(options.WrongLoginsOnly, "wrong logins");

        o.WriteLine("6. Wrong logins (POST /api/account/login, 401): names that exist vs names that do not, one at a time, interleaved, each grain cold");
        var table = new TextTable("names", "logins", "p50 ms", "p90 ms", "p99 ms");
        foreach (var (name, latencies) in new[] { ("real", result.Real), ("unknown", result.Unknown) })
        {
            table.Add(name, $"{latencies.Count}", Format.Ms(Percentiles.Of(latencies, 50)), Format.Ms(Percentiles.Of(latencies, 90)), Format.Ms(Percentiles.Of(latencies, 99)));
        }

        o.Write(table);
        o.WriteLine($"  median unknown / median real: {Format.Ratio(result.Ratio)} (goal: within {WrongLoginTiming.Tolerance:P0} of 1.00) {(result.Met ? "MET" : "NOT MET")}");
        o.WriteLine("  Both kinds run one PBKDF2 check and one durable write (the account row's failure count, or unknown_name_throttle's).");
    }

    private void WriteLegacyImportReport(LegacyImportResult result)
    {
        var o = output;
        var export = result.Export;
        o.WriteLine();
        WriteOnlyHeader(options.LegacyImportOnly, "legacy import");

        o.WriteLine($"7. Legacy import: KeyKeeper.Silo import-legacy as its own process (its own silo) into a fresh PostgreSQL with durable commits");
        o.WriteLine($"  users.json: {Format.Number(export.Users)} users, {Format.Megabytes(export.Bytes)} MB, {Format.Number(export.Keys)} keys of {string.Join('/', LegacyExport.Providers)} " +
            $"and {Format.Number(export.EmptyKeys)} empty entries, {Format.Number(export.TwoFactorUsers)} users with 2FA, {Format.Number(export.NonAsciiNames)} non-ASCII names " +
            $"(generated in {Format.Number(result.GenerationSeconds, "0.0")} s, not measured)");
        var table = new TextTable("run", "users", "imported", "skipped", "failed", "keys imported", "wall s", "import s", "users/s (wall)", "users/s (import)", "CPU s import", "CPU s postgres");
        foreach (var (name, run) in new[] { ("first run", result.First), ("re-run", result.Rerun) })
        {
            table.Add(name, Format.Number(export.Users), Format.Number(run.Imported), Format.Number(run.Skipped), Format.Number(run.Failed), Format.Number(run.KeysImported),
                Format.Number(run.WallSeconds, "0.0"), Format.Number(run.ImportSeconds, "0.0"), Format.Rate(export.Users / run.WallSeconds),
                Format.Rate(export.Users / run.ImportSeconds), Format.Number(run.CpuSeconds, "0.0"), Format.Number(run.PostgresCpuSeconds, "0.0"));
        }

        o.Write(table);
        o.WriteLine($"  After the first run grain_state holds {Format.Number(result.Rows)} user rows ({Format.Number(result.LegacyRows)} with a legacy password hash) for {Format.Number(export.Users)} users in the file.");
        o.WriteLine($"  Goal: 10,000 users in under a minute (167 users/s), whole command: {Verdict(export.Users / result.First.WallSeconds, LegacyImportGoal)}.");
        o.WriteLine("  wall = the whole command (process start, reading and decrypting the file, its silo's start and stop); import = the phase its report times.");
    }

    private static async Task<string> PostgresSettingsAsync(BenchmarkDeployment deployment)
    {
        await using var command = deployment.Db.CreateCommand("""
            SELECT current_setting('server_version') || ' (fsync=' || current_setting('fsync')
                || ', synchronous_commit=' || current_setting('synchronous_commit')
                || ', full_page_writes=' || current_setting('full_page_writes')
                || ', shared_buffers=' || current_setting('shared_buffers') || ')'
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string Verdict(double ratio, double goal) => ratio >= goal ? "MET" : "NOT MET";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
