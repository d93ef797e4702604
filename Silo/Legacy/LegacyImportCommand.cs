using System.Net;
using System.Text.Json;
using KeyKeeper.ServiceDefaults;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Legacy;

/// <summary>
/// Imports the legacy app's <c>users.json</c> and <c>.encryption_key</c> (settings
/// <c>Legacy:UsersFile</c>, <c>Legacy:KeyFile</c>): run by the migration resource after the schema
/// is up to date, or by hand as <c>KeyKeeper.Silo import-legacy --users-file F --key-file K
/// [--dry-run] [--allow-partial] [--report R]</c>. The files are only read. While the service's
/// cluster has live silos the import is their client (<see cref="LiveCluster"/>); otherwise the
/// users' grains run in a silo of the import's own (the service's ServiceId, its own cluster), so
/// the import works before the service's silos start. Exit codes: 0 done (or nothing configured), 1 some users
/// failed and nothing was written (use --allow-partial to import the others), 2 the files or the
/// configuration are unusable and nothing was written.
/// </summary>
public static class LegacyImportCommand
{
    public const string Verb = "import-legacy";

    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--users-file"] = nameof(LegacyImportSettings.UsersFile),
        ["--key-file"] = nameof(LegacyImportSettings.KeyFile),
        ["--report"] = nameof(LegacyImportSettings.ReportFile),
    };

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task<int> RunAsync(string[] args) => RunAsync(ToConfigurationArgs(args), requireFiles: true);

    /// <summary>Runs the import configured in <paramref name="args"/>; with no files configured and <paramref name="requireFiles"/> false, does nothing.</summary>
    public static async Task<int> RunAsync(string[] args, bool requireFiles)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.ConfigureOpenTelemetry();
        // Read once, before any host starts: whether there is anything to do decides what starts.
        var settings = builder.Configuration.GetSection(LegacyImportSettings.SectionName).Get<LegacyImportSettings>() ?? new();
        var (usersFile, keyFile) = (settings.UsersFile, settings.KeyFile);
        using var preflight = LoggerFactory.Create(logging => logging.AddConsole());
        var logger = preflight.CreateLogger("KeyKeeper.LegacyImport");
        if (!settings.HasFiles)
        {
            if (requireFiles)
            {
                return Refuse(logger, "No legacy files given: pass --users-file <users.json> and --key-file <.encryption_key>.");
            }

            logger.LogInformation("No legacy files configured (Legacy:UsersFile, Legacy:KeyFile): nothing to import.");
            return 0;
        }

        LegacyUsersFile file;
        FernetKey key;
        try
        {
            if (string.IsNullOrWhiteSpace(usersFile) || string.IsNullOrWhiteSpace(keyFile))
            {
                throw new LegacyImportException("Both Legacy:UsersFile and Legacy:KeyFile are needed (--users-file and --key-file).");
            }

            // Both files are read and checked whole before anything is written.
            key = LegacyKeyFile.Read(FromTypedDirectory(keyFile));
            file = LegacyUsersFile.Read(FromTypedDirectory(usersFile));
        }
        catch (LegacyImportException e)
        {
            return Refuse(logger, e.Message);
        }

        var plan = LegacyImportPlan.Create(file, key);
        var (dryRun, allowPartial) = (settings.DryRun, settings.AllowPartial);

        builder.AddKeyKeeperDatabase();
        builder.Services.AddSingleton<LegacyImport>();
        int liveSilos;
        try
        {
            liveSilos = await CountLiveSilosAsync(builder.Configuration);
        }
        catch (NpgsqlException e)
        {
            return Refuse(logger, $"The database cannot be reached: {e.Message}");
        }

        if (liveSilos > 0)
        {
            // The live silos hold the users' grains; the import only calls them.
            logger.LogInformation("The service's cluster has {Silos} live silo(s): importing through them.", liveSilos);
            builder.UseOrleansClient(client => client.UseKeyKeeperClustering().UseKeyKeeperTls());
        }
        else
        {
            builder.Services.AddKeyEncryption();
            builder.UseOrleans(silo =>
            {
                // A cluster of its own on loopback: it shares the service's rows (its checked ServiceId), not its membership.
                silo.UseLocalhostClustering(SiloServiceExtensions.PortOrFree(0, IPAddress.Loopback), SiloServiceExtensions.PortOrFree(0, IPAddress.Loopback), clusterId: $"legacy-import-{Guid.NewGuid():N}");
                silo.Services.AddOptions<ClusterOptions>().PostConfigure<IOptions<KeyKeeperCluster>>((cluster, keyKeeper) => cluster.ServiceId = keyKeeper.Value.ServiceId);
                // Its ports are on loopback, but another local process could still call its grains.
                silo.UseKeyKeeperTls();
                silo.AddKeyKeeperGrains();
            });
        }

        using var host = builder.Build();
        logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KeyKeeper.LegacyImport");
        try
        {
            await host.StartAsync();
        }
        catch (Exception e) when (ServiceDefaultsExtensions.CannotStartReason(e) is { } reason)
        {
            return Refuse(logger, reason);
        }

        try
        {
            var report = await host.Services.GetRequiredService<LegacyImport>().RunAsync(FromTypedDirectory(usersFile), file, plan, dryRun, allowPartial);
            var json = JsonSerializer.Serialize(report, ReportJson);
            var reportFile = FromTypedDirectory(settings.ReportFile ?? Path.Combine(Path.GetTempPath(), "keykeeper", $"legacy-import-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json"));
            Directory.CreateDirectory(Path.GetDirectoryName(reportFile)!);
            await File.WriteAllTextAsync(reportFile, json);
            logger.LogInformation(
                "Legacy import{DryRun} of {UsersFile}: {Imported} users {Verb}, {Skipped} skipped (already here), {Failed} failed ({Collisions} name collisions); keys by provider: {Keys}; {Empty} empty keys skipped; {Seconds} s. Report: {ReportFile}",
                dryRun ? " (dry run: nothing written)" : string.Empty, report.UsersFile, report.Imported.Count, dryRun ? "would be imported" : "imported",
                report.Skipped.Count, report.FailedUsers, report.Collisions.Count,
                string.Join(", ", report.KeysImportedByProvider.Select(pair => $"{pair.Key} {pair.Value}")), report.EmptyKeysSkipped, report.Seconds, reportFile);
            if (!report.Written && !dryRun)
            {
                logger.LogError("{Failed} users cannot be imported, so nothing was written; fix them, or pass --allow-partial (Legacy:AllowPartial) to import the others.", report.FailedUsers);
            }

            Console.WriteLine(json);
            return report.ExitCode;
        }
        finally
        {
            // Stopping the host flushes the logs to the dashboard before the process ends.
            await host.StopAsync();
        }
    }

    /// <summary>Stops before anything is written: the reason goes to the log (the dashboard) and to standard error (a shell).</summary>
    private static int Refuse(ILogger logger, string reason)
    {
        logger.LogError("The legacy import cannot start, nothing was written: {Reason}", reason);
        Console.Error.WriteLine($"The legacy import cannot start, nothing was written: {reason}");
        return 2;
    }

    private static async Task<int> CountLiveSilosAsync(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(KeyKeeperCluster.DatabaseName);
        var clusterId = configuration.GetSection(KeyKeeperCluster.SectionName).Get<KeyKeeperCluster>()?.ClusterId;
        // Without a connection string the host's own start-up check says what is missing.
        return string.IsNullOrWhiteSpace(connectionString) || clusterId is null ? 0 : await LiveCluster.CountActiveSilosAsync(connectionString, clusterId);
    }

    /// <summary>The friendly switches as configuration (<c>--users-file F</c> → <c>--Legacy:UsersFile=F</c>); anything else passes through.</summary>
    private static string[] ToConfigurationArgs(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (Switches.TryGetValue(args[i], out var setting) && i + 1 < args.Length)
            {
                result.Add($"--{LegacyImportSettings.SectionName}:{setting}={args[++i]}");
            }
            else if (args[i] == "--dry-run")
            {
                result.Add($"--{LegacyImportSettings.SectionName}:{nameof(LegacyImportSettings.DryRun)}=true");
            }
            else if (args[i] == "--allow-partial")
            {
                result.Add($"--{LegacyImportSettings.SectionName}:{nameof(LegacyImportSettings.AllowPartial)}=true");
            }
            else
            {
                result.Add(args[i]);
            }
        }

        return [.. result];
    }

    /// <summary>
    /// <c>dotnet run --project Silo</c> runs in the project's directory, so a relative path is
    /// taken from the shell's directory (<c>PWD</c>), where the user typed it.
    /// </summary>
    private static string FromTypedDirectory(string path) =>
        Path.GetFullPath(path, Environment.GetEnvironmentVariable("PWD") is { } typedIn && Path.IsPathRooted(typedIn)
            ? typedIn
            : Environment.CurrentDirectory);
}
