using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace KeyKeeper.Silo.Migrations;

/// <summary>
/// Applies the versioned SQL scripts in <c>Migrations/Scripts</c> in name order, each once,
/// journaled in <c>schema_migrations</c>; applying them again changes nothing.
/// </summary>
public static class DatabaseMigrator
{
    private const string ScriptFolder = ".Migrations.Scripts.";

    /// <summary>Creates the database if it is missing, then applies every script not yet applied.</summary>
    /// <returns>The names of the scripts applied by this run.</returns>
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
