using KeyKeeper.Testing;
using Npgsql;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// KeyKeeper as deployed, on this machine: a PostgreSQL server with durable commits, the migrator,
/// one silo and one frontend as their own processes (Production environment, their own
/// appsettings.json, so log levels are the shipped ones), all on 127.0.0.1.
/// </summary>
public sealed class BenchmarkDeployment : IAsyncDisposable
{
    public const string Database = TestDeployment.Database;
    public const string ClusterId = "keykeeper-benchmark";
    public const string ServiceId = ClusterId;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, string?> _settings;
    private readonly int _siloHttpPort = LoopbackPort.Next();
    private readonly int _siloPort = LoopbackPort.Next();
    private readonly int _gatewayPort = LoopbackPort.Next();

    private BenchmarkDeployment(PostgresServer postgres, Dictionary<string, string?> settings)
    {
        Postgres = postgres;
        _settings = settings;
        Db = NpgsqlDataSource.Create(postgres.ConnectionString(Database));
    }

    public PostgresServer Postgres { get; }

    /// <summary>The benchmark's own connections, for counters and the pgbench table.</summary>
    public NpgsqlDataSource Db { get; }

    public ServiceProcess? Silo { get; private set; }

    public ServiceProcess? Frontend { get; private set; }

    public string FrontendUrl { get; } = $"http://127.0.0.1:{LoopbackPort.Next()}";

    public string ConnectionString => Postgres.ConnectionString(Database);

    /// <summary>PostgreSQL's postmaster, parent of every backend.</summary>
    public int PostmasterPid { get; private set; }

    public static async Task<BenchmarkDeployment> StartAsync(IReadOnlyDictionary<string, string> extraSettings, CancellationToken cancellation)
    {
        var postgres = await PostgresServer.StartNewAsync(durableWrites: true);
        var deployment = new BenchmarkDeployment(postgres, Settings(postgres, extraSettings));
        try
        {
            await deployment.StartServicesAsync(cancellation);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>The configuration every KeyKeeper process of the benchmark gets, as environment variables (':' as '__').</summary>
    public static Dictionary<string, string?> Settings(PostgresServer postgres, IReadOnlyDictionary<string, string> extraSettings)
    {
        var settings = new Dictionary<string, string?>(TestDeployment.Settings(postgres, ClusterId))
        {
            ["KeyEncryption:ActiveKeyId"] = "k1",
            ["KeyEncryption:Keys:k1"] = "benchmark-key-encryption-secret-0123456789abcdef",
            // Load tests sign in hundreds of users from one loopback address.
            ["RateLimits:SignInsPerMinutePerAddress"] = "1000000",
            ["RateLimits:SignUpsPerHourPerAddress"] = "1000000",
            // The app-token read load sends each user hundreds of reads a second: measure the service, not its per-user limit.
            ["RateLimits:KeyUsesPerMinutePerUser"] = "1000000",
            ["DataProtection:Key"] = "benchmark-data-protection-secret-0123456789abcdef",
            // As deployed, not as ServiceProcess's Development default.
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Runs the migrator (<c>KeyKeeper.Silo migrate</c>) to its end.</summary>
    public static async Task MigrateAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellation)
    {
        await using var migrator = ServiceProcess.Start("migrator", BuiltApp.SiloDll, settings, "migrate");
        var exitCode = await migrator.WaitForExitAsync(StartTimeout, cancellation);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The migrator exited with {exitCode}:\n{migrator.RecentOutput}");
        }
    }

    /// <summary>PostgreSQL's postmaster: the parent of the backend serving a connection of <paramref name="db"/>.</summary>
    public static async Task<int> PostmasterPidAsync(NpgsqlDataSource db)
    {
        await using var backend = db.CreateCommand("SELECT pg_backend_pid()");
        var backendPid = (int)(await backend.ExecuteScalarAsync())!;
        return ProcFs.ParentOf(backendPid) ?? throw new InvalidOperationException("PostgreSQL's postmaster was not found.");
    }

    /// <summary>Stops the silo gracefully (SIGTERM: it leaves the cluster) and starts it again on the same ports.</summary>
    public async Task RestartSiloAsync(CancellationToken cancellation)
    {
        await Silo!.StopAsync(TimeSpan.FromSeconds(60));
        await Silo.DisposeAsync();
        Silo = null;
        await StartSiloAsync();
        // The frontend is ready once it has found the new silo through the membership table.
        await Frontend!.WaitUntilHealthyAsync(FrontendUrl + "/health", StartTimeout);
        cancellation.ThrowIfCancellationRequested();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in new[] { Frontend, Silo })
        {
            if (service is not null)
            {
                await service.DisposeAsync();
            }
        }

        await Db.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    private async Task StartServicesAsync(CancellationToken cancellation)
    {
        await MigrateAsync(_settings, cancellation);
        await StartSiloAsync();
        var frontendSettings = new Dictionary<string, string?>(_settings) { ["ASPNETCORE_URLS"] = FrontendUrl };
        Frontend = ServiceProcess.Start("frontend", BuiltApp.FrontendDll, frontendSettings);
        await Frontend.WaitUntilHealthyAsync(FrontendUrl + "/health", StartTimeout);
        PostmasterPid = await PostmasterPidAsync(Db);
    }

    private async Task StartSiloAsync()
    {
        var siloUrl = $"http://127.0.0.1:{_siloHttpPort}";
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["ASPNETCORE_URLS"] = siloUrl,
            ["Orleans:SiloPort"] = _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Silo = ServiceProcess.Start("silo", BuiltApp.SiloDll, settings);
        await Silo.WaitUntilHealthyAsync(siloUrl + "/health", StartTimeout);
    }
}
