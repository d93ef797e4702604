using KeyKeeper.Silo;
using KeyKeeper.Silo.Migrations;
using KeyKeeper.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// A real PostgreSQL with the migrated schema and a TestCluster whose grains persist to it
/// through ADO.NET. The ServiceId is fixed for the fixture's life (it is part of every row's
/// key), so a restarted cluster reads the same rows.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Database = "keysdb";
    public const string KeyId = "test-k1";
    public const string KeySecret = "grain-tests-key-encryption-secret-0123456789";

    private readonly string _serviceId = $"grain-tests-{Guid.NewGuid():N}";

    public PostgresServer Postgres { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string ConnectionString => Postgres.ConnectionString(Database);

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartNewAsync();
        DatabaseMigrator.Migrate(ConnectionString, NullLogger.Instance);
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
    }

    private async Task<TestCluster> StartClusterAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ServiceId = _serviceId;
        builder.Properties[$"ConnectionStrings:{SiloServiceExtensions.DatabaseName}"] = ConnectionString;
        builder.Properties["KeyEncryption:ActiveKeyId"] = KeyId;
        builder.Properties[$"KeyEncryption:Keys:{KeyId}"] = KeySecret;
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
            var connectionString = siloBuilder.Configuration.GetConnectionString(SiloServiceExtensions.DatabaseName)!;
            siloBuilder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            siloBuilder.Services.AddKeyEncryption(siloBuilder.Configuration);
            siloBuilder.AddKeyKeeperGrains();
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
