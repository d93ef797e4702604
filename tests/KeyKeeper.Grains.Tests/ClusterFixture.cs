using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo;
using KeyKeeper.Silo.Migrations;
using KeyKeeper.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.TestingHost;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// A real PostgreSQL with the migrated schema and a TestCluster whose grains persist to it
/// through ADO.NET. The ServiceId is fixed for the fixture's life (it is part of every row's
/// key), so a restarted cluster reads the same rows.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Database = TestDeployment.Database;
    public const string KeyId = "test-k1";

    /// <summary>The key the fixture's silos sign bearer tokens with.</summary>
    public static readonly AccessTokenKey TokenKey = new(TestDeployment.AccessTokenSigningKey);
    public const string KeySecret = "grain-tests-key-encryption-secret-0123456789";

    /// <summary>The deployment's default groq key in these clusters (a made-up value of the right shape).</summary>
    public const string DeploymentGroqKey = "gsk_deploymentdefault0123456789abcdefghijklmnopqrstuvwx";

    /// <summary>The first lock after failed attempts (the default number of them), short enough to wait out in a test.</summary>
    public static readonly TimeSpan FirstLockout = TimeSpan.FromSeconds(2);

    /// <summary>How long a provider has to answer a key check in these clusters.</summary>
    public static readonly TimeSpan ValidationTimeout = TimeSpan.FromSeconds(2);

    private readonly string _serviceId = $"grain-tests-{Guid.NewGuid():N}";

    /// <summary>The clusters' ServiceId: part of every row's key, so a process that shares it shares the users.</summary>
    public string ServiceId => _serviceId;

    /// <summary>SQL for a user-keys row's state (its second line; the first is the header the database reads).</summary>
    public const string StateSql = "split_part(convert_from(payload, 'UTF8'), E'\\n', 2)::jsonb";

    /// <summary>SQL for a user-keys row's header line.</summary>
    public const string HeaderSql = "split_part(convert_from(payload, 'UTF8'), E'\\n', 1)::jsonb";

    public PostgresServer Postgres { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>Where the clusters check openai, anthropic and google keys.</summary>
    public StandInProvider Provider { get; private set; } = null!;

    /// <summary>Where the clusters check groq keys: stopped as soon as it started, so always unreachable.</summary>
    public StandInProvider StoppedProvider { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The services of the cluster's silo, for what runs there beside the grains (the sweeps, the serializer).</summary>
    public IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services;

    /// <summary>The superuser's: for what a test inspects or breaks.</summary>
    public string ConnectionString => Postgres.ConnectionString(Database);

    /// <summary>The silos' own role, as in production: every grain test also proves the role's grants suffice.</summary>
    public string SiloConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        Username = KeyKeeperDatabaseRoles.For(Database, KeyKeeperDatabaseRoles.Silo),
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartNewAsync();
        // The server trusts local logins, so the password only gives the role its login.
        DatabaseMigrator.Migrate(ConnectionString, NullLogger.Instance, new ServiceRoleSettings { SiloPassword = "grain-tests-silo-password" });
        Provider = await StandInProvider.StartAsync();
        StoppedProvider = await StandInProvider.StartAsync();
        await StoppedProvider.StopAsync();
        Cluster = await StartClusterAsync();
    }

    /// <summary>Stops every silo and starts a new cluster with the same ServiceId.</summary>
    public async Task RestartClusterAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Cluster = await StartClusterAsync();
    }

    /// <summary>Deactivates every idle grain, so the next call re-reads its state from PostgreSQL.</summary>
    public Task DeactivateAllAsync() =>
        Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Postgres.DisposeAsync();
        await Provider.DisposeAsync();
        await StoppedProvider.DisposeAsync();

        // Last, so shutdown logs count too. xunit 2 has no assembly fixture; a throwing collection
        // fixture fails the run ("Collection Cleanup Failure"), whatever order the tests ran in.
        LogLeakDetector.Shared.AssertNoLeaks();
    }

    private Task<TestCluster> StartClusterAsync() =>
        StartClusterAsync(_serviceId, KeyId, new Dictionary<string, string> { [KeyId] = KeySecret });

    /// <summary>A cluster on this fixture's database with its own ServiceId and key-encryption keys.</summary>
    public async Task<TestCluster> StartClusterAsync(string serviceId, string activeKeyId, IReadOnlyDictionary<string, string> keys)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        // Real sockets, so the cluster's connections run over mutual TLS as deployed.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        foreach (var (setting, value) in TestClusterCertificate.Settings)
        {
            builder.Properties[setting] = value!;
        }

        builder.Properties[TestDeployment.ConnectionStringSetting] = SiloConnectionString;
        builder.Properties["KeyEncryption:ActiveKeyId"] = activeKeyId;
        builder.Properties[TestDeployment.AccessTokenSigningKeySetting] = TestDeployment.AccessTokenSigningKey;
        builder.Properties["DeploymentKeys:groq"] = DeploymentGroqKey;
        builder.Properties["AccountSecurity:FirstLockout"] = FirstLockout.ToString();
        builder.Properties["KeyValidation:Timeout"] = ValidationTimeout.ToString();
        builder.Properties["Providers:openai:BaseUrl"] = Provider.Url("/v1");
        builder.Properties["Providers:anthropic:BaseUrl"] = Provider.Url("/");
        builder.Properties["Providers:google:BaseUrl"] = Provider.Url("/");
        builder.Properties["Providers:groq:BaseUrl"] = StoppedProvider.Url("/openai/v1");
        foreach (var (id, secret) in keys)
        {
            builder.Properties[$"KeyEncryption:Keys:{id}"] = secret;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = siloBuilder.Configuration.GetConnectionString(TestDeployment.Database)!;
            siloBuilder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            siloBuilder.Services.AddKeyEncryption();
            siloBuilder.Services.AddSingleton<ILoggerProvider>(new LeakCheckingLoggerProvider(LogLeakDetector.Shared));
            // The HttpClient logs of key checks, request headers (Trace) included, go past the leak detector too.
            siloBuilder.Services.AddLogging(logging => logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Trace));
            siloBuilder.UseKeyKeeperTls();
            siloBuilder.AddKeyKeeperGrains();
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.Services.AddSingleton<ILoggerProvider>(new LeakCheckingLoggerProvider(LogLeakDetector.Shared));
            clientBuilder.UseKeyKeeperTls();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
