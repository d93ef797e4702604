using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Migrations;

/// <summary>
/// <c>KeyKeeper.Silo migrate</c>: the one-shot migration resource. Applies the schema and the
/// services' roles (passwords from <c>ServiceRoles:SiloPassword</c>, <c>ServiceRoles:FrontendPassword</c>), then
/// imports the legacy files when <c>Legacy:UsersFile</c> and <c>Legacy:KeyFile</c> are set
/// (<see cref="Legacy.LegacyImportCommand"/>), and exits 0, or logs why not and exits non-zero,
/// so that the AppHost starts the silo only after success.
/// </summary>
public static class MigrationCommand
{
    public const string Verb = "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.ConfigureOpenTelemetry();
        using var host = builder.Build();
        await host.StartAsync();

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KeyKeeper.Migrations");
        var servicePasswords = builder.Configuration.GetSection(ServiceRoleSettings.SectionName).Get<ServiceRoleSettings>() ?? new();
        var exitCode = Run(builder.Configuration.GetConnectionString(KeyKeeperCluster.DatabaseName), servicePasswords, logger);

        // Stopping the host flushes the logs to the dashboard before the process ends.
        await host.StopAsync();
        return exitCode != 0 ? exitCode : await Legacy.LegacyImportCommand.RunAsync(args, requireFiles: false);
    }

    private static int Run(string? connectionString, ServiceRoleSettings servicePasswords, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            logger.LogError("ConnectionStrings:{Name} is not set; there is no database to migrate.", KeyKeeperCluster.DatabaseName);
            return 2;
        }

        try
        {
            var applied = DatabaseMigrator.Migrate(connectionString, logger, servicePasswords);
            logger.LogInformation(applied.Count == 0
                ? "The database schema is up to date; nothing to apply."
                : "Applied {Count} migration(s): {Scripts}", applied.Count, string.Join(", ", applied));
            return 0;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Migration failed: {Message}", e.Message);
            return 1;
        }
    }
}
