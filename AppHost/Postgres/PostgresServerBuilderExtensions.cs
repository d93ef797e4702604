using KeyKeeper.AppHost.LocalPostgres;
using KeyKeeper.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.AppHost.Postgres;

public static class PostgresServerBuilderExtensions
{
    public const string ModeSetting = "Postgres:Mode";

    /// <summary>The app's PostgreSQL server, hosted as <c>Postgres:Mode</c> says.</summary>
    public static PostgresServer AddPostgresServer(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name)
    {
        var (mode, reason, runtimeMissing) = ChooseMode(builder);

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>()
                .CreateLogger(typeof(PostgresServerBuilderExtensions).FullName!);
            if (runtimeMissing)
            {
                // Without a runtime the container never starts, and everything waiting for it waits forever.
                logger.LogWarning("PostgreSQL mode: {Mode} ({Reason}); PostgreSQL cannot start. Use {Setting}=Local or Auto.", mode, reason, ModeSetting);
            }
            else
            {
                logger.LogInformation("PostgreSQL mode: {Mode} ({Reason}).", mode, reason);
            }

            return Task.CompletedTask;
        });

        if (mode == PostgresMode.External)
        {
            // The operator creates the roles and their logins (docs/operations.md); each service's connection string is a secret of its own.
            return new PostgresServer(null, databaseName => builder.AddExternalDatabase(databaseName),
                (service, databaseName) => new ServiceLogin(builder.AddConnectionString($"{databaseName}-{service}"), null));
        }

        // The same name in both modes: the value lives in user secrets and in the data directory.
        var password = builder.AddParameter($"{name}-password",
            new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        if (mode == PostgresMode.Container)
        {
            var container = builder.AddPostgres(name, password: password).WithDataVolume();
            var endpoint = container.Resource.PrimaryEndpoint;
            return new PostgresServer(container, databaseName => container.AddDatabase(databaseName),
                (service, databaseName) => builder.AddServiceLogin(container, name, service, databaseName, (role, rolePassword) => ReferenceExpression.Create(
                    $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={role};Password={rolePassword};Database={databaseName}")));
        }

        var options = LocalPostgresOptions.FromConfiguration(builder.Configuration, builder.AppHostDirectory);
        var local = builder.AddLocalPostgres(name, password, options);
        return new PostgresServer(local, databaseName => local.AddDatabase(databaseName),
            (service, databaseName) => builder.AddServiceLogin(local, name, service, databaseName,
                (role, rolePassword) => local.Resource.GetConnectionString(databaseName, role, rolePassword)));
    }

    // The password is generated and kept like the superuser's; the migrator gives it to the role.
    private static ServiceLogin AddServiceLogin(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResource> server,
        string serverName,
        string service,
        string databaseName,
        Func<string, ParameterResource, ReferenceExpression> connectionString)
    {
        var password = builder.AddParameter($"{serverName}-{service}-password",
            new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
        var role = KeyKeeperDatabaseRoles.For(databaseName, service);
        var database = builder.AddConnectionString($"{databaseName}-{service}", connectionString(role, password.Resource))
            .WithParentRelationship(server);
        return new ServiceLogin(database, password);
    }

    /// <summary>Makes <paramref name="dependent"/> wait until the server accepts connections (an external server is not the AppHost's to wait for).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> dependent, PostgresServer postgres)
        where T : IResourceWithWaitSupport =>
        postgres.Server is { } server ? dependent.WaitFor(server) : dependent;

    // The health check logs in, so the migrator starts only once the server takes the credentials.
    private static IResourceBuilder<IResourceWithConnectionString> AddExternalDatabase(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var database = builder.AddConnectionString(name);
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new ExternalPostgresHealthCheck(database.Resource), failureStatus: null, tags: null));
        return database.WithHealthCheck(healthCheckKey);
    }

    private static (PostgresMode Mode, string Reason, bool RuntimeMissing) ChooseMode(IDistributedApplicationBuilder builder)
    {
        var setting = builder.Configuration[ModeSetting];
        if (string.IsNullOrWhiteSpace(setting))
        {
            setting = nameof(PostgresMode.Auto);
        }

        if (!Enum.TryParse<PostgresMode>(setting, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            throw new DistributedApplicationException(
                $"{ModeSetting} is '{setting}'; use {PostgresMode.Auto}, {PostgresMode.Container}, {PostgresMode.Local} or {PostgresMode.External}.");
        }

        if (mode == PostgresMode.External)
        {
            return (mode, $"{ModeSetting}={mode}: an existing server, by connection string", false);
        }

        // The manifest describes the deployable app, whatever this machine can run.
        if (builder.ExecutionContext.IsPublishMode)
        {
            return (PostgresMode.Container, "publishing", false);
        }

        if (mode == PostgresMode.Local)
        {
            return (mode, $"{ModeSetting}={mode}", false);
        }

        var runtime = ContainerRuntimeProbe.GetRuntimeName(builder.Configuration);
        var answers = ContainerRuntimeProbe.Answers(runtime);
        var probe = answers ? $"'{runtime} info' answered" : $"'{runtime} info' did not answer";

        return mode == PostgresMode.Container
            ? (mode, $"{ModeSetting}={mode}, {probe}", !answers)
            : (answers ? PostgresMode.Container : PostgresMode.Local, probe, false);
    }
}
