using KeyKeeper.AppHost.LocalPostgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.AppHost.Postgres;

public static class PostgresServerBuilderExtensions
{
    public const string ModeSetting = "Postgres:Mode";

    /// <summary>
    /// Adds the app's PostgreSQL server as a container or from the machine's own binaries, as
    /// <c>Postgres:Mode</c> says. Publishing always models the container, so the manifest
    /// describes the deployable app.
    /// </summary>
    public static PostgresServer AddPostgresServer(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        IResourceBuilder<ParameterResource> password)
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

        if (mode == PostgresMode.Container)
        {
            var container = builder.AddPostgres(name, password: password).WithDataVolume();
            return new PostgresServer(container, databaseName => container.AddDatabase(databaseName));
        }

        var options = LocalPostgresOptions.FromConfiguration(builder.Configuration, builder.AppHostDirectory);
        var local = builder.AddLocalPostgres(name, password, options);
        return new PostgresServer(local, databaseName => local.AddDatabase(databaseName));
    }

    private static (PostgresMode Mode, string Reason, bool RuntimeMissing) ChooseMode(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return (PostgresMode.Container, "publishing", false);
        }

        var setting = builder.Configuration[ModeSetting];
        if (string.IsNullOrWhiteSpace(setting))
        {
            setting = nameof(PostgresMode.Auto);
        }

        if (!Enum.TryParse<PostgresMode>(setting, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            throw new DistributedApplicationException(
                $"{ModeSetting} is '{setting}'; use {PostgresMode.Auto}, {PostgresMode.Container} or {PostgresMode.Local}.");
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
