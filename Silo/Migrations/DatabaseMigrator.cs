using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace KeyKeeper.Silo.Migrations;

public static class DatabaseMigrator
{
    private const string ScriptFolder = ".Migrations.Scripts.";

    public static IReadOnlyList<string> Migrate(string connectionString, ILogger logger)
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

        return result.Scripts.Select(s => s.Name).ToList();
    }
}
