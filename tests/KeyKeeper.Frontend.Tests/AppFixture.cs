using System.Net;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo.Migrations;
using KeyKeeper.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// PostgreSQL, a silo and a frontend, wired as in production (ADO.NET clustering and storage),
/// with the ability to restart the frontend and the silo independently.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string Database = TestDeployment.Database;

    /// <summary>The deployment's default groq key (a made-up value of the right shape).</summary>
    public const string DeploymentGroqKey = "gsk_frontendtestsdeploymentdefault0123456789abcdefghij";

    private readonly SemaphoreSlim _gatewayStart = new(1, 1);
    private SiloHost? _silo;
    private FrontendFactory? _frontend;
    private GatewayFixture? _gateway;

    public PostgresServer Postgres { get; private set; } = null!;

    /// <summary>Where the silo checks openai keys (<c>POST /api/keys/openai/validate</c>).</summary>
    public StandInProvider Provider { get; private set; } = null!;

    /// <summary>Every host's logs go to the process-wide leak detector (see <see cref="LogLeakDetector"/>).</summary>
    public LeakCheckingLoggerProvider Logs { get; } = new(LogLeakDetector.Shared);

    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartNewAsync();
        // The server trusts local logins: the passwords only give the roles their logins.
        DatabaseMigrator.Migrate(Postgres.ConnectionString(Database), NullLogger.Instance,
            new ServiceRoleSettings { SiloPassword = "frontend-tests-silo", FrontendPassword = "frontend-tests-frontend" });
        Provider = await StandInProvider.StartAsync();
        var deployment = $"frontend-tests-{Guid.NewGuid():N}";
        Settings = new Dictionary<string, string?>(TestDeployment.Settings(Postgres, deployment))
        {
            ["Orleans:SiloPort"] = LoopbackPort.Next().ToString(),
            ["Orleans:GatewayPort"] = LoopbackPort.Next().ToString(),
            ["KeyEncryption:ActiveKeyId"] = "test-k1",
            ["KeyEncryption:Keys:test-k1"] = "frontend-tests-key-encryption-secret-0123456789",
            ["DeploymentKeys:groq"] = DeploymentGroqKey,
            // Only the gateway uses a deployment key, and only where this allows it.
            ["DeploymentKeys:GatewayFallback"] = "true",
            // Every test signs in from 127.0.0.1: the per-address limits get their own frontend in RateLimitTests.
            ["RateLimits:SignInsPerMinutePerAddress"] = "1000000",
            ["RateLimits:SignUpsPerHourPerAddress"] = "1000000",
            ["RateLimits:RevealsPerMinutePerUser"] = "1000000",
            // Request lines (method, path, query) reach the leak detector too, as an access log would.
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            ["DataProtection:Key"] = "frontend-tests-data-protection-secret-0123456789",
            ["Providers:openai:BaseUrl"] = Provider.Url("/v1"),
            // The key checks' HttpClient logs, request headers included, reach the leak detector too.
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
        };
        _silo = await SiloHost.StartAsync(AsRole(Settings, KeyKeeperDatabaseRoles.Silo), Logs);
        StartFrontend();
    }

    /// <summary>
    /// A client of the running frontend (real HTTP over loopback) that registers every key value
    /// it sends with the leak detector and checks that no URL carries one.
    /// </summary>
    public HttpClient CreateClient() => _frontend!.CreateDefaultClient(new SavedKeyValueHandler(LogLeakDetector.Shared));

    /// <summary>Where the running frontend listens.</summary>
    public Uri FrontendAddress => _frontend!.BaseAddress;

    /// <summary>
    /// Starts one more frontend on the same database and cluster (another replica), with the
    /// given settings changed (a null value removes one). The caller disposes it.
    /// </summary>
    public FrontendFactory StartExtraFrontend(
        IReadOnlyDictionary<string, string?>? changes = null, string environment = "Development", Action<IServiceCollection>? configureServices = null)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        var frontend = new FrontendFactory(settings, Logs, environment, configureServices: configureServices);
        try
        {
            frontend.StartServer();
            return frontend;
        }
        catch
        {
            frontend.Dispose();
            throw;
        }
    }

    /// <summary>The frontend whose providers are a stand-in model API, started by the first test that asks.</summary>
    public async Task<GatewayFixture> GatewayAsync()
    {
        await _gatewayStart.WaitAsync();
        try
        {
            if (_gateway is null)
            {
                var gateway = new GatewayFixture(this);
                await gateway.InitializeAsync();
                _gateway = gateway;
            }

            return _gateway;
        }
        finally
        {
            _gatewayStart.Release();
        }
    }

    public async Task RestartFrontendAsync()
    {
        await _frontend!.DisposeAsync();
        StartFrontend();
    }

    /// <summary>Starts one more silo in the same cluster (its own ports), found through the database.</summary>
    public Task<SiloHost> StartExtraSiloAsync() =>
        SiloHost.StartAsync(
            new Dictionary<string, string?>(AsRole(Settings, KeyKeeperDatabaseRoles.Silo))
            {
                ["Orleans:SiloPort"] = LoopbackPort.Next().ToString(),
                ["Orleans:GatewayPort"] = LoopbackPort.Next().ToString(),
            },
            Logs);

    /// <summary>Where the running silo's HTTP endpoints listen.</summary>
    public Uri SiloAddress => _silo!.HttpAddress;

    /// <summary>The running frontend's services (its endpoints, options).</summary>
    public IServiceProvider FrontendServices => _frontend!.Services;

    /// <summary>The running frontend's Orleans client.</summary>
    public IClusterClient ClusterClient => _frontend!.Services.GetRequiredService<IClusterClient>();

    public async Task RestartSiloAsync()
    {
        await StopSiloAsync();
        await StartSiloAsync();
    }

    /// <summary>Stops the silo, leaving the frontend without a cluster until <see cref="StartSiloAsync"/>.</summary>
    public async Task StopSiloAsync()
    {
        await _silo!.DisposeAsync();
        _silo = null;
    }

    public async Task StartSiloAsync() => _silo = await SiloHost.StartAsync(AsRole(Settings, KeyKeeperDatabaseRoles.Silo), Logs);

    /// <summary>Waits until the frontend reports healthy (it can reach the cluster and decrypt).</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan within)
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var response = await client.GetAsync("/health");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The frontend was not healthy within {within}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        await Postgres.DisposeAsync();
        await Provider.DisposeAsync();

        // Last, so shutdown logs count too. xunit 2 has no assembly fixture; a throwing collection
        // fixture fails the run ("Collection Cleanup Failure"), whatever order the tests ran in.
        LogLeakDetector.Shared.AssertNoLeaks();
    }

    /// <summary>
    /// <paramref name="settings"/> with the database login of <paramref name="service"/>'s own role, as in production:
    /// the fixture's silo and frontend run so, and every test through them proves the role's grants suffice.
    /// </summary>
    private static Dictionary<string, string?> AsRole(IReadOnlyDictionary<string, string?> settings, string service) =>
        new(settings)
        {
            [TestDeployment.ConnectionStringSetting] = new NpgsqlConnectionStringBuilder(settings[TestDeployment.ConnectionStringSetting])
            {
                Username = KeyKeeperDatabaseRoles.For(Database, service),
            }.ConnectionString,
        };

    private void StartFrontend()
    {
        _frontend = new FrontendFactory(AsRole(Settings, KeyKeeperDatabaseRoles.Frontend), Logs);
        _frontend.StartServer();
    }

}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "app";
}
