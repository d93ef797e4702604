using System.Diagnostics;
using System.Text.Json.Nodes;
using KeyKeeper.Testing;
using Orleans.Configuration;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// Section 5: memory and save-key throughput as active user grains grow, up to a million empty
/// grains (users with an account and no keys) seeded into PostgreSQL and activated through the
/// benchmark's own Orleans client.
/// </summary>
public sealed partial class BenchmarkRun
{
    private const int MillionGrains = 1_000_000;
    private const double FlatSaveKeyGoal = 0.9;

    /// <summary>More activation failures than this share of a step's calls stops the steps: the silo is not coping.</summary>
    private const double TolerableActivationFailures = 0.01;

    /// <summary>How often long phases (seeding, activating) print how far they are.</summary>
    private static readonly TimeSpan ScaleProgressInterval = TimeSpan.FromSeconds(30);

    private async Task<ScaleResult> MeasureScaleAsync(BenchmarkDeployment deployment, HttpClient http, WrkLoad wrk, CancellationToken cancellation)
    {
        // The template user's grain is active (and idle) from its sign-up on: the oldest of the empty grains.
        var idleClock = Stopwatch.StartNew();
        var seeded = options.ScaleSteps.Max();
        var (payloadBytes, seedSeconds, settleSeconds) = await SeedEmptyUsersAsync(deployment, http, seeded, cancellation);

        // The first step is the flat goal's baseline: it must not be the one that opens the silo's database connections
        // or meets the pages the seed's checkpoint left clean (each first write after it logs the whole page).
        await wrk.RunAsync(deployment.FrontendUrl, WrkLoad.SaveKeyScript, options.SaveConnections.Max(), TimeSpan.FromSeconds(options.ScaleRunSeconds), cancellation);
        await using var inspector = await ConnectInspectorAsync(deployment, cancellation);
        var steps = new List<ScaleStep>();
        var activationTime = TimeSpan.Zero;
        var next = 1;
        string? stoppedEarly = null;
        foreach (var target in options.ScaleSteps)
        {
            var active = await inspector.CountUserGrainsAsync();
            var wanted = Math.Min(target - active, seeded - next);
            var (calls, seconds) = (0, double.NaN);
            if (wanted > 0)
            {
                var budgetLeft = options.ScaleActivationBudget - activationTime;
                if (budgetLeft <= TimeSpan.Zero)
                {
                    stoppedEarly = $"the activation budget ({options.ScaleActivationBudget.TotalMinutes:0} min) ran out before {Format.Number(target)} active grains";
                    break;
                }

                Progress($"Scale: activating {wanted:N0} seeded users' grains ({options.ScaleActivationParallelism} calls in flight) to reach {target:N0} active user grains");
                (calls, var failures, var elapsed) = await ActivateEmptyUsersAsync(deployment, inspector, next, wanted, budgetLeft, cancellation);
                activationTime += elapsed;
                seconds = elapsed.TotalSeconds;
                next += calls;
                var before = active;
                active = await inspector.CountUserGrainsAsync();
                // A seeded row the storage cannot find leaves a grain without an account, which deactivates after its call.
                stoppedEarly =
                    failures > calls * TolerableActivationFailures
                        ? $"{failures:N0} of {calls:N0} activation calls failed (timeouts or the store unavailable)"
                    : active - before < (calls - failures) * (1 - TolerableActivationFailures)
                        ? $"{calls:N0} calls left only {active - before:N0} more grains active: the seeded rows are not read as accounts"
                    : active < target && activationTime >= options.ScaleActivationBudget
                        ? $"the activation budget ({options.ScaleActivationBudget.TotalMinutes:0} min) ran out at {Format.Number(active)} active grains"
                    : active < target
                        ? $"the {Format.Number(seeded)} seeded users were not enough for {Format.Number(target)} active grains"
                    : null;
            }

            var memory = await SiloMemory.MeasureAsync(deployment.Silo!.Id, cancellation);
            await wrk.RunAsync(deployment.FrontendUrl, WrkLoad.SaveKeyScript, options.SaveConnections.Max(), WarmupLength, cancellation);
            var save = await wrk.RunAsync(deployment.FrontendUrl, WrkLoad.SaveKeyScript, options.SaveConnections.Max(), TimeSpan.FromSeconds(options.ScaleRunSeconds), cancellation);
            var activeAfterRun = await inspector.CountUserGrainsAsync();
            steps.Add(new ScaleStep(target, active, calls, seconds, memory, save, activeAfterRun, idleClock.Elapsed));
            Progress($"Scale: {active:N0} active user grains, heap {Format.Megabytes(memory.ManagedHeapBytes)} MB, RSS {Format.Megabytes(memory.ResidentBytes)} MB, save-key {Format.Rate(save.PerSecond)}/s");
            if (stoppedEarly is not null)
            {
                Progress($"Scale: stopping here: {stoppedEarly}");
                break;
            }
        }

        return new ScaleResult(seeded, payloadBytes, seedSeconds, settleSeconds, steps, stoppedEarly);
    }

    /// <summary>Users 0 to <paramref name="count"/> - 1 of <see cref="EmptyUserSeeder"/>: one signed up, the others copied, the tables settled.</summary>
    private async Task<(int PayloadBytes, double SeedSeconds, double SettleSeconds)> SeedEmptyUsersAsync(
        BenchmarkDeployment deployment, HttpClient http, int count, CancellationToken cancellation)
    {
        var seeder = await EmptyUserSeeder.PrepareAsync(http, deployment.Db, cancellation);
        Progress($"Scale: copying the grain_state row of one empty user (signed up through the API; {seeder.PayloadBytes}-byte payload) for {count - 1:N0} more users (COPY)");
        var seedClock = Stopwatch.StartNew();
        await seeder.SeedAsync(1, count - 1, ThrottledProgress((done, seconds) => $"Scale: {done:N0} rows copied, {Format.Rate(done / seconds)} rows/s"), cancellation);
        var seedSeconds = seedClock.Elapsed.TotalSeconds;
        var settleClock = Stopwatch.StartNew();
        await seeder.SettleAsync(cancellation);
        var settleSeconds = settleClock.Elapsed.TotalSeconds;
        Progress($"Scale: {count:N0} empty users in grain_state after {seedSeconds:0.0} s of COPY ({Format.Rate((count - 1) / seedSeconds)} rows/s) and {settleSeconds:0.0} s of VACUUM ANALYZE and CHECKPOINT");
        return (seeder.PayloadBytes, seedSeconds, settleSeconds);
    }

    /// <summary>Activates the grains of seeded users <paramref name="first"/> on, and says where the CPU went.</summary>
    private async Task<(int Calls, int Failures, TimeSpan Elapsed)> ActivateEmptyUsersAsync(
        BenchmarkDeployment deployment, ClusterInspector inspector, int first, int count, TimeSpan within, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var cpu = CpuSampler.Start(CpuGroups(deployment));
        var (calls, failures) = await inspector.ActivateUserGrainsAsync(Enumerable.Range(first, count).Select(EmptyUserSeeder.NameOf), options.ScaleActivationParallelism,
            within, ThrottledProgress((done, seconds) => $"Scale: {done:N0} grains activated, {Format.Rate(done / seconds)}/s"), cancellation);
        var split = cpu.Stop();
        var seconds = clock.Elapsed.TotalSeconds;
        string PerCall(double cores) => Format.Number(cores * seconds * 1e6 / Math.Max(1, calls));
        Progress($"Scale: {calls:N0} calls in {seconds:0.0} s ({Format.Rate(calls / seconds)}/s, {failures:N0} failed); CPU per call: silo {PerCall(split.CoresOf(Silo))} us, " +
            $"postgres {PerCall(split.CoresOf(Postgres))} us, benchmark {PerCall(split.CoresOf(ThisProcess))} us, other {PerCall(split.Other)} us; idle {Format.Cores(split.Idle)} cores");
        return (calls, failures, clock.Elapsed);
    }

    /// <summary>A progress callback that prints at most once per <see cref="ScaleProgressInterval"/>, so a long phase shows it is moving.</summary>
    private Action<int> ThrottledProgress(Func<int, double, string> message)
    {
        var clock = Stopwatch.StartNew();
        var printedAt = TimeSpan.Zero;
        var gate = new Lock();
        return done =>
        {
            lock (gate)
            {
                if (clock.Elapsed - printedAt < ScaleProgressInterval)
                {
                    return;
                }

                printedAt = clock.Elapsed;
            }

            Progress(message(done, clock.Elapsed.TotalSeconds));
        };
    }

    private void WriteScaleReport(ScaleResult result)
    {
        var o = output;
        o.WriteLine();
        WriteOnlyHeader(options.ScaleOnly, "memory and save-key throughput vs active grains");

        o.WriteLine($"5. Memory and save-key throughput ({options.SaveConnections.Max()} connections, {options.ScaleRunSeconds} s, over {options.Users} real users) as active user grains grow");
        var steps = result.Steps;
        var activated = steps.Sum(step => step.Activated);
        var activationSeconds = steps.Where(step => step.Activated > 0).Sum(step => step.ActivationSeconds);
        o.WriteLine($"  Empty users (an account, no keys): one signed up through the API, its grain_state row ({result.PayloadBytes}-byte payload) copied for");
        o.WriteLine($"  {Format.Number(result.SeededUsers - 1)} more by COPY in {result.SeedSeconds:0.0} s ({Format.Rate((result.SeededUsers - 1) / result.SeedSeconds)} rows/s, the row trigger included), " +
            $"then VACUUM ANALYZE and CHECKPOINT in {result.SettleSeconds:0.0} s.");
        o.WriteLine($"  (Through the API, the {options.Users} real users took {_userCreationSeconds:0} s, PBKDF2 twice each: {Format.Number(result.SeededUsers)} would take " +
            $"{result.SeededUsers / (options.Users / _userCreationSeconds) / 3600:0.0} hours.)");
        o.WriteLine($"  Their grains are activated by calls from the benchmark's Orleans client ({options.ScaleActivationParallelism} in flight) with a made-up session: each");
        o.WriteLine($"  reads its row, refuses the call and stays active. {Format.Number(activated)} activated in {activationSeconds:0.0} s" +
            (activated > 0 ? $" ({Format.Rate(activated / activationSeconds)}/s)." : "."));
        var first = steps.FirstOrDefault();
        var table = new TextTable("active user grains", "activated", "in s", "activations/s", "heap MB", "RSS MB", "heap KB/grain", "RSS KB/grain",
            "save-key/s", $"vs first (goal >= {FlatSaveKeyGoal:0.00})", "p50 ms", "p99 ms", "errors");
        ScaleStep? previous = null;
        foreach (var step in steps)
        {
            var added = previous is null ? 0 : step.ActiveGrains - previous.ActiveGrains;
            string PerGrain(Func<MemorySnapshot, long> bytes) =>
                previous is null || added <= 0 ? "-" : Format.Kilobytes((double)(bytes(step.Memory) - bytes(previous.Memory)) / added);
            var ratio = step.SaveKey.PerSecond / first!.SaveKey.PerSecond;
            table.Add(Format.Number(step.ActiveGrains), Format.Number(step.Activated), step.Activated > 0 ? Format.Number(step.ActivationSeconds, "0.0") : "-",
                step.Activated > 0 ? Format.Rate(step.ActivationsPerSecond) : "-", Format.Megabytes(step.Memory.ManagedHeapBytes), Format.Megabytes(step.Memory.ResidentBytes),
                PerGrain(m => m.ManagedHeapBytes), PerGrain(m => m.ResidentBytes), Format.Rate(step.SaveKey.PerSecond),
                step == first ? "-" : $"{Format.Ratio(ratio)} {Verdict(ratio, FlatSaveKeyGoal)}",
                Format.Ms(step.SaveKey.P50Milliseconds), Format.Ms(step.SaveKey.P99Milliseconds), $"{step.SaveKey.Errors}");
            previous = step;
        }

        o.Write(table);
        if (result.StoppedEarly is not null)
        {
            o.WriteLine($"  The steps stopped early: {result.StoppedEarly}.");
        }

        var last = steps.LastOrDefault();
        if (first is not null && last is not null && last != first)
        {
            var added = last.ActiveGrains - first.ActiveGrains;
            var heapPerGrain = (double)(last.Memory.ManagedHeapBytes - first.Memory.ManagedHeapBytes) / added;
            var residentPerGrain = (double)(last.Memory.ResidentBytes - first.Memory.ResidentBytes) / added;
            o.WriteLine($"  {Format.Number(last.ActiveGrains)} active user grains on one silo: heap {Format.Megabytes(last.Memory.ManagedHeapBytes)} MB, RSS {Format.Megabytes(last.Memory.ResidentBytes)} MB;");
            o.WriteLine($"  per empty grain from {Format.Number(first.ActiveGrains)} to {Format.Number(last.ActiveGrains)}: heap {Format.Number(heapPerGrain)} bytes, RSS {Format.Number(residentPerGrain)} bytes " +
                $"(goal: {Format.Number(MillionGrains)} measured) {(last.ActiveGrains >= MillionGrains ? "MET" : $"NOT MET: the largest step reached {Format.Number(last.ActiveGrains)}")}");
            var ratio = last.SaveKey.PerSecond / first.SaveKey.PerSecond;
            o.WriteLine($"  save-key/s at {Format.Number(last.ActiveGrains)} active grains vs at {Format.Number(first.ActiveGrains)}: {Format.Ratio(ratio)} " +
                $"(goal: flat, >= {FlatSaveKeyGoal:0.00}, from 1,000 to {Format.Number(MillionGrains)}) {Verdict(ratio, FlatSaveKeyGoal)}");
            var collectionAge = new GrainCollectionOptions().CollectionAge;
            o.WriteLine($"  The oldest empty grain had been idle {last.OldestIdleGrainAge.TotalMinutes:0.0} min when the last run ended; Orleans collects grains idle for " +
                $"{collectionAge.TotalMinutes:0} min (its default");
            o.WriteLine($"  CollectionAge, which KeyKeeper keeps){(last.OldestIdleGrainAge >= collectionAge ? ", so some may have gone" : "")}. Active after that run: {Format.Number(last.ActiveAfterRun)}.");
        }

        o.WriteLine($"  Silo collector: {SiloGcMode()}. Per-grain columns are the change from the previous row over the grains added; heap =");
        o.WriteLine("  managed heap after a full blocking GC induced over the diagnostics port; active grains counted by the management grain.");
    }

    /// <summary>The silo's garbage collector as its runtimeconfig.json sets it, unless a --setting overrides it.</summary>
    private string SiloGcMode()
    {
        var runtimeConfig = Path.ChangeExtension(BuiltApp.SiloDll, ".runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(runtimeConfig))?["runtimeOptions"]?["configProperties"];
        bool Enabled(string property, string environmentVariable, bool runtimeDefault) =>
            options.ServiceSettings.TryGetValue(environmentVariable, out var value) ? value is "1" or "true"
                : properties?[property]?.GetValue<bool>() ?? runtimeDefault;
        var server = Enabled("System.GC.Server", "DOTNET_gcServer", runtimeDefault: false);
        var concurrent = Enabled("System.GC.Concurrent", "DOTNET_gcConcurrent", runtimeDefault: true);
        return $"{(server ? "server" : "workstation")} GC, background collections {(concurrent ? "on" : "off")}";
    }
}
