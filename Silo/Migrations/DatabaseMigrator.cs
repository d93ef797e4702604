using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace KeyKeeper.Silo.Migrations;

public static class DatabaseMigrator
{
    private const string ScriptFolder = ".Migrations.Scripts.";

    /// <summary>
    /// Applies the scripts not yet journaled, then the services' roles and grants
    /// (<see cref="ServiceRoles"/>) with the passwords in <paramref name="servicePasswords"/>, if any.
    /// Returns the scripts applied.
    /// </summary>
    public static IReadOnlyList<string> Migrate(string connectionString, ILogger logger, ServiceRoleSettings? servicePasswords = null)
    {
        // A one-shot run gains nothing from pooling, and must not reuse a connection a restart broke.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        var upgradeLog = new MicrosoftUpgradeLog(logger);
        EnsureDatabase.For.PostgresqlDatabase(connectionString, upgradeLog);

        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains(ScriptFolder, StringComparison.Ordinal))
            .JournalToPostgresqlTable("public", "schema_migrations")
            // One transaction for the whole run: a failed script leaves the schema as it was.
            .WithTransaction()
            .LogTo(upgradeLog)
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            var script = result.ErrorScript?.Name ?? "(none)";
            throw new MigrationFailedException($"Migration script {script} failed: {result.Error?.Message}", result.Error);
        }

        var roles = ServiceRoles.Apply(connectionString, servicePasswords ?? new ServiceRoleSettings());
        logger.LogInformation("Granted the service roles {SiloRole} and {FrontendRole} what they need.", roles.Silo, roles.Frontend);
        return result.Scripts.Select(s => s.Name).ToList();
    }
}
