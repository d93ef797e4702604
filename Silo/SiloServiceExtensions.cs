using System.Net;
using System.Net.Sockets;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.ServiceDefaults.Providers;
using KeyKeeper.ServiceDefaults.Security;
using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Health;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Maintenance;
using KeyKeeper.Silo.Storage;
using KeyKeeper.Silo.Telemetry;
using KeyKeeper.Silo.Usage;
using KeyKeeper.Silo.Users;
using KeyKeeper.Silo.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Storage;

namespace KeyKeeper.Silo;

/// <summary>Composition of the silo: the database, encryption, and Orleans with ADO.NET storage and clustering.</summary>
public static class SiloServiceExtensions
{
    public static IHostApplicationBuilder AddKeyKeeperSilo(this IHostApplicationBuilder builder)
    {
        builder.AddKeyKeeperDatabase();
        builder.Services.AddKeyEncryption();
        builder.Services.AddHealthChecks()
            .AddCheck<KeyEncryptionHealthCheck>("key-encryption")
            .AddCheck<ClusterMembershipHealthCheck>("cluster-membership");
        // Registered before Orleans, so a wrong key-encryption secret stops start-up before the silo joins.
        builder.Services.AddHostedService<KeyEncryptionStartupCheck>();

        builder.UseOrleans(silo =>
        {
            silo.UseKeyKeeperClustering();
            silo.UseKeyKeeperTls();
            silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<KeyKeeperCluster>>((endpoints, settings) =>
            {
                var cluster = settings.Value;
                var address = IPAddress.Parse(cluster.AdvertisedIPAddress);
                endpoints.AdvertisedIPAddress = address;
                endpoints.SiloPort = PortOrFree(cluster.SiloPort, address);
                endpoints.GatewayPort = PortOrFree(cluster.GatewayPort, address);
                endpoints.SiloListeningEndpoint = new IPEndPoint(address, endpoints.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(address, endpoints.GatewayPort);
            });
            silo.AddKeyKeeperGrains();
            // Continues the caller's trace (HTTP request → grain call → storage statement).
            silo.AddActivityPropagation();
        });
        return builder;
    }

    /// <summary>
    /// A configured port, or (0, the default) a free one: replicas started from the same
    /// configuration each get their own ports, and the cluster finds them through the database.
    /// </summary>
    internal static int PortOrFree(int configured, IPAddress address)
    {
        if (configured != 0)
        {
            return configured;
        }

        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Key-encryption keys, validated at start-up, and the canary that proves them.</summary>
    public static IServiceCollection AddKeyEncryption(this IServiceCollection services)
    {
        services.AddValidatedSettings<KeyEncryptionOptions, KeyEncryptionOptionsValidator>(KeyEncryptionOptions.SectionName);
        services.AddSingleton<KeyProtector>();
        services.AddSingleton<KeyEncryptionCanary>();
        return services;
    }

    /// <summary>
    /// Checking keys with their providers: one HttpClient registration for every provider, which
    /// sends the key only in a header, redacts every header from its logs, follows no redirect (a
    /// custom key header would follow it to another host) and retries nothing (the standard
    /// resilience handler of the service defaults is removed: retrying a refused or rate-limited
    /// key only hammers the provider). The periodic check is off until <c>KeyValidation:Interval</c> is set.
    /// </summary>
    public static IServiceCollection AddKeyValidation(this IServiceCollection services)
    {
        services.AddValidatedSettings<KeyValidationOptions, KeyValidationOptionsValidator>(KeyValidationOptions.SectionName);
        services.AddProviderEndpoints();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, but the supported way out of ConfigureHttpClientDefaults; a change breaks this build, not a run.
        services.AddHttpClient(ProviderValidator.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RedactLoggedHeaders(_ => true)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<ProviderValidator>();
        services.AddHostedService<KeyValidationSweeper>();
        return services;
    }

    /// <summary>
    /// The grains' needs: durable ADO.NET storage (plain JSON, so rows stay readable across
    /// class renames) whose failed reads callers see as the key store unavailable, and password hashing.
    /// Expects an <see cref="NpgsqlDataSource"/> and <see cref="KeyProtector"/> in the container.
    /// </summary>
    public static ISiloBuilder AddKeyKeeperGrains(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<UserKeysStateSerializer>();
        silo.Services.AddAdoNetGrainStorage(UserRowStorage.InnerName, options => options.Configure<NpgsqlDataSource, UserKeysStateSerializer>((o, database, serializer) =>
        {
            o.Invariant = KeyKeeperCluster.Invariant;
            o.DataSource = database;
            o.GrainStorageSerializer = serializer;
        }));
        silo.Services.AddKeyedSingleton<IGrainStorage>(UserKeysGrain.StorageName, (services, _) =>
            new UserRowStorage(services.GetRequiredKeyedService<IGrainStorage>(UserRowStorage.InnerName), services.GetRequiredService<ILogger<UserRowStorage>>()));
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.AddValidatedSettings<BearerTokenOptions, BearerTokenOptionsValidator>(BearerTokenOptions.SectionName);
        silo.Services.AddValidatedSettings<AccessTokenSettings, AccessTokenSettings.Validator>(AccessTokenSettings.SectionName);
        silo.Services.AddSingleton(services => new AccessTokenKey(services.GetRequiredService<IOptions<AccessTokenSettings>>().Value.SigningKey!));
        silo.Services.AddValidatedSettings<KeyLifecycleOptions, KeyLifecycleOptionsValidator>(KeyLifecycleOptions.SectionName);
        silo.Services.AddValidatedSettings<AccountSecurityOptions, AccountSecurityOptionsValidator>(AccountSecurityOptions.SectionName);
        silo.Services.AddValidatedSettings<DeploymentKeys.Settings, DeploymentKeys.Validator>(DeploymentKeys.SectionName);
        silo.Services.AddSingleton<DeploymentKeys>();
        silo.Services.AddSingleton<AuditTrail>();
        silo.Services.AddSingleton<AuditAppender>();
        silo.Services.AddHostedService<DeletedKeyPurger>();
        silo.Services.AddValidatedSettings<AuditRetentionOptions, AuditRetentionOptionsValidator>(AuditRetentionOptions.SectionName);
        silo.Services.AddHostedService<AuditRetentionSweep>();
        silo.Services.AddSingleton<UnknownNameThrottles>();
        silo.Services.AddSingleton<UsageBatcher>();
        silo.Services.AddSingleton<UsageLedger>();
        silo.Services.AddHostedService<UnknownNameThrottleSweep>();
        silo.Services.AddKeyValidation();
        silo.Services.AddSingleton<IPasswordHasher<UserAccount>>(_ => new LegacyAwarePasswordHasher());
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<UserDomainFactory>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ColdStartWarmUp>();
        silo.AddIncomingGrainCallFilter<KeyMetricsGrainCallFilter>();
        return silo;
    }
}
