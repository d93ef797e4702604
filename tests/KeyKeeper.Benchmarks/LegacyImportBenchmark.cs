using System.Diagnostics;
using System.Text.Json;
using KeyKeeper.Testing;
using Npgsql;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// The legacy import as production runs it: a generated export of many users, a fresh PostgreSQL
/// with durable commits, the migrator, then <c>KeyKeeper.Silo import-legacy</c> as its own
/// process (its own in-process silo), timed whole and by the import phase its report gives;
/// then the same command again, which finds every user and skips them.
/// </summary>
public sealed class LegacyImportBenchmark(BenchmarkOptions options, Action<string> progress)
{
    private const string Import = "import";
    private const string Postgres = "postgres";
    private const string LegacyImportVerb = "import-legacy";
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(15);

    public async Task<LegacyImportResult> RunAsync(CancellationToken cancellation)
    {
        var workDirectory = Directory.CreateTempSubdirectory("keykeeper-legacy-bench-").FullName;
        try
        {
            progress($"Legacy import: generating users.json with {options.LegacyUsers:N0} users and a fresh .encryption_key");
            var generation = Stopwatch.StartNew();
            var export = LegacyExport.Write(workDirectory, options.LegacyUsers);
            var generationSeconds = generation.Elapsed.TotalSeconds;
            progress($"Legacy import: {Format.Megabytes(export.Bytes)} MB, {export.Keys:N0} keys, {export.EmptyKeys:N0} empty entries, " +
                $"{export.TwoFactorUsers:N0} users with 2FA, {export.NonAsciiNames:N0} non-ASCII names, in {generationSeconds:0.0} s");
            cancellation.ThrowIfCancellationRequested();

            progress("Legacy import: starting a fresh PostgreSQL (durable commits) and the migrator");
            await using var postgres = await PostgresServer.StartNewAsync(durableWrites: true);
            var settings = BenchmarkDeployment.Settings(postgres, options.ServiceSettings);
            await BenchmarkDeployment.MigrateAsync(settings, cancellation);
            await using var db = NpgsqlDataSource.Create(postgres.ConnectionString(BenchmarkDeployment.Database));
            var postmasterPid = await BenchmarkDeployment.PostmasterPidAsync(db);

            var first = await RunImportAsync("first run", export, settings, postmasterPid, Path.Combine(workDirectory, "report-1.json"), cancellation);
            var (rows, legacyRows) = await CountRowsAsync(db);
            progress($"Legacy import: {rows:N0} user rows in grain_state, {legacyRows:N0} of them with a legacy password hash");
            var rerun = await RunImportAsync("re-run", export, settings, postmasterPid, Path.Combine(workDirectory, "report-2.json"), cancellation);
            return new LegacyImportResult(export, generationSeconds, first, rerun, rows, legacyRows);
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    /// <summary>Runs <c>import-legacy</c> to its end with the CPU of it and of PostgreSQL around it; a failed import fails the benchmark.</summary>
    private async Task<LegacyImportRun> RunImportAsync(
        string name, LegacyExport export, IReadOnlyDictionary<string, string?> settings, int postmasterPid, string reportFile, CancellationToken cancellation)
    {
        progress($"Legacy import ({name}): KeyKeeper.Silo {LegacyImportVerb} --users-file {Path.GetFileName(export.UsersFile)} --key-file {Path.GetFileName(export.KeyFile)}");
        // The child is reaped when it exits, so its whole CPU time shows in this process's children's time.
        var cpu = CpuSampler.Start([CpuGroup.FinishedChildrenOfThisProcess(Import), CpuGroup.ProcessTree(Postgres, postmasterPid)]);
        var clock = Stopwatch.StartNew();
        int exitCode;
        string output;
        await using (var import = ServiceProcess.Start("legacy import", BuiltApp.SiloDll, settings,
            LegacyImportVerb, "--users-file", export.UsersFile, "--key-file", export.KeyFile, "--report", reportFile))
        {
            exitCode = await import.WaitForExitAsync(ImportTimeout, cancellation);
            output = import.RecentOutput;
        }

        var wallSeconds = clock.Elapsed.TotalSeconds;
        var split = cpu.Stop();
        if (exitCode != 0 || !File.Exists(reportFile))
        {
            throw new InvalidOperationException($"The legacy import ({name}) exited with {exitCode}:\n{output}");
        }

        using var report = JsonDocument.Parse(await File.ReadAllBytesAsync(reportFile, cancellation));
        var root = report.RootElement;
        var run = new LegacyImportRun(
            wallSeconds,
            root.GetProperty("seconds").GetDouble(),
            split.CoresOf(Import) * wallSeconds,
            split.CoresOf(Postgres) * wallSeconds,
            root.GetProperty("imported").GetArrayLength(),
            root.GetProperty("skipped").GetArrayLength(),
            root.GetProperty("failed").GetArrayLength(),
            root.GetProperty("keysImportedByProvider").EnumerateObject().Sum(provider => provider.Value.GetInt32()));
        progress($"Legacy import ({name}): {run.Imported:N0} imported, {run.Skipped:N0} skipped, {run.Failed} failed; " +
            $"{wallSeconds:0.0} s in all, {run.ImportSeconds:0.0} s importing: {Format.Rate(export.Users / wallSeconds)} users/s ({Format.Rate(export.Users / run.ImportSeconds)} users/s importing)");
        return run;
    }

    /// <summary>Users' rows written, and of them those holding a legacy password hash (only an import writes one).</summary>
    private static async Task<(long Rows, long LegacyRows)> CountRowsAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("""
            SELECT count(*), count(*) FILTER (WHERE position(convert_to('legacy-sha256:', 'UTF8') IN payload) > 0)
            FROM grain_state WHERE grain_type = 'user-keys' AND payload IS NOT NULL
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

/// <summary>One run of <c>import-legacy</c>: wall time of the whole process and the import phase its report gives, CPU seconds, and what it did.</summary>
public sealed record LegacyImportRun(
    double WallSeconds, double ImportSeconds, double CpuSeconds, double PostgresCpuSeconds, int Imported, int Skipped, int Failed, int KeysImported);

/// <summary>The legacy import benchmark: the export, the first run, the re-run (all skipped) and the rows found in between.</summary>
public sealed record LegacyImportResult(LegacyExport Export, double GenerationSeconds, LegacyImportRun First, LegacyImportRun Rerun, long Rows, long LegacyRows);
