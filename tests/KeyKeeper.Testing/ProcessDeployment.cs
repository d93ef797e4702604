namespace KeyKeeper.Testing;

/// <summary>
/// KeyKeeper as it runs in production, on one machine: a PostgreSQL server, the migrator run
/// once, silos and frontends as separate processes on loopback ports, clustered through the
/// database. Silos can be killed and restarted to test faults.
/// </summary>
public sealed class ProcessDeployment : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Dictionary<string, string?> _settings;

    private ProcessDeployment(PostgresServer postgres, Dictionary<string, string?> settings)
    {
        Postgres = postgres;
        _settings = settings;
    }

    public PostgresServer Postgres { get; }

    public List<Node> Silos { get; } = [];

    public List<Node> Frontends { get; } = [];

    public string ConnectionString => Postgres.ConnectionString(TestDeployment.Database);

    public static async Task<ProcessDeployment> StartAsync(int silos, int frontends, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var postgres = await PostgresServer.StartNewAsync();
        var deployment = $"process-tests-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string?>(TestDeployment.Settings(postgres, deployment))
        {
            ["KeyEncryption:ActiveKeyId"] = "k1",
            ["KeyEncryption:Keys:k1"] = "process-tests-key-encryption-secret-0123456789",
            ["DataProtection:Key"] = "process-tests-data-protection-secret-0123456789",
            ["Logging:LogLevel:Default"] = "Warning",
            // Load tests sign in hundreds of users from one loopback address and check every save by a reveal.
            ["RateLimits:SignInsPerMinutePerAddress"] = "1000000",
            ["RateLimits:SignUpsPerHourPerAddress"] = "1000000",
            ["RateLimits:RevealsPerMinutePerUser"] = "1000000",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = new ProcessDeployment(postgres, settings);

        await using (var migrator = ServiceProcess.Start("migrator", BuiltApp.SiloDll, settings, "migrate"))
        {
            var exitCode = await migrator.WaitForExitAsync(StartTimeout);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"The migrator exited with {exitCode}:\n{migrator.RecentOutput}");
            }
        }

        for (var i = 0; i < silos; i++)
        {
            app.Silos.Add(await app.StartSiloAsync(new Node($"silo-{i}", LoopbackPort.Next(), LoopbackPort.Next(), LoopbackPort.Next())));
        }

        for (var i = 0; i < frontends; i++)
        {
            app.Frontends.Add(await app.StartFrontendAsync(new Node($"frontend-{i}", LoopbackPort.Next(), 0, 0)));
        }

        return app;
    }

    /// <summary>Starts a silo again on the same ports (a new generation), after a kill or a stop.</summary>
    public async Task RestartSiloAsync(Node silo)
    {
        if (silo.Process is { HasExited: false })
        {
            throw new InvalidOperationException($"{silo.Name} is still running.");
        }

        await silo.Process!.DisposeAsync();
        await StartSiloAsync(silo);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Frontends.Concat(Silos))
        {
            if (node.Process is not null)
            {
                await node.Process.DisposeAsync();
            }
        }

        await Postgres.DisposeAsync();

        // The processes have exited and their output is drained: every line they wrote was checked.
        LogLeakDetector.Shared.AssertNoLeaks();
    }

    private async Task<Node> StartSiloAsync(Node silo)
    {
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["ASPNETCORE_URLS"] = silo.HttpUrl,
            ["Orleans:SiloPort"] = silo.SiloPort.ToString(),
            ["Orleans:GatewayPort"] = silo.GatewayPort.ToString(),
        };
        silo.Process = ServiceProcess.Start(silo.Name, BuiltApp.SiloDll, settings);
        await silo.Process.WaitUntilHealthyAsync(silo.HttpUrl + "/health", StartTimeout);
        return silo;
    }

    private async Task<Node> StartFrontendAsync(Node frontend)
    {
        var settings = new Dictionary<string, string?>(_settings) { ["ASPNETCORE_URLS"] = frontend.HttpUrl };
        frontend.Process = ServiceProcess.Start(frontend.Name, BuiltApp.FrontendDll, settings);
        await frontend.Process.WaitUntilHealthyAsync(frontend.HttpUrl + "/health", StartTimeout);
        return frontend;
    }

    /// <summary>One service process and its ports (Orleans ports are 0 for a frontend).</summary>
    public sealed class Node(string name, int httpPort, int siloPort, int gatewayPort)
    {
        public string Name { get; } = name;

        public int SiloPort { get; } = siloPort;

        public int GatewayPort { get; } = gatewayPort;

        public string HttpUrl { get; } = $"http://127.0.0.1:{httpPort}";

        public ServiceProcess? Process { get; internal set; }
    }
}
