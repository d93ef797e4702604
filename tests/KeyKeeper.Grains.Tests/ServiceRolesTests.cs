using KeyKeeper.ServiceDefaults;
using KeyKeeper.Silo.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// The roles the migrator makes for silo and frontend, tried by logging in as each on a freshly
/// migrated database: the frontend never reaches grain state or the audit trail, the silo does,
/// and the grants outlive a second run and a migration that recreates a table.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ServiceRolesTests(ClusterFixture fixture)
{
    private static readonly ServiceRoleSettings Passwords = new()
    {
        SiloPassword = "silo-password-0123456789abcdefghij",
        FrontendPassword = "frontend-password-0123456789abcdefghij",
    };

    private const string InsertUserRow = """
        INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string, grain_id_hash, grain_type_hash, payload, version)
        VALUES ('roles-test', 'user-keys', 0, 0, 'user/' || gen_random_uuid(), 0, 0,
                convert_to('{"audit":[{"id":"' || gen_random_uuid() || '","action":"signed-in","at":"2026-01-01T00:00:00Z"}]}' || E'\n' || '{}', 'UTF8'), 1)
        """;

    private static readonly string[] FrontendMustNotRun =
    [
        "SELECT * FROM grain_state",
        InsertUserRow,
        "UPDATE grain_state SET version = version + 1",
        "SELECT * FROM audit_event",
        "INSERT INTO audit_event (record_id, service_id, user_name, action, occurred_at) VALUES (gen_random_uuid(), 'roles-test', 'mallory', 'signed-in', now())",
        "UPDATE audit_event SET action = 'forged'",
        "DELETE FROM audit_event",
        "SELECT * FROM user_key_encryption",
        "SELECT * FROM key_encryption_canary",
        "SELECT cluster_insert_version('roles-test')",
        "SELECT * FROM schema_migrations",
    ];

    [Fact]
    public async Task TheFrontendRoleCannotTouchGrainStateOrTheAuditTrailAndTheSiloRoleCan()
    {
        var (database, silo, frontend) = MigrateNewDatabase();

        foreach (var sql in FrontendMustNotRun)
        {
            await AssertRefusedAsync(database, frontend, sql);
        }

        // What the frontend needs: the Orleans queries and the gateway list, and its key ring.
        Assert.Equal(12, await CountAsync(database, frontend, "SELECT count(*) FROM OrleansQuery"));
        Assert.Equal(0, await CountAsync(database, frontend, "SELECT count(*) FROM cluster_membership"));
        await ExecuteAsync(database, frontend, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ('key-1', '<key />')");
        Assert.Equal(1, await CountAsync(database, frontend, "SELECT count(*) FROM data_protection_keys"));

        // The silo writes grain state; its trigger writes the audit trail as the silo.
        await ExecuteAsync(database, silo, InsertUserRow);
        await ExecuteAsync(database, silo, "UPDATE grain_state SET payload = payload, version = version + 1");
        Assert.Equal(1, await CountAsync(database, silo, "SELECT count(*) FROM grain_state"));
        Assert.Equal(2, await CountAsync(database, silo, "SELECT count(*) FROM audit_event WHERE service_id = 'roles-test'"));
        await ExecuteAsync(database, silo, "INSERT INTO audit_event (record_id, service_id, user_name, action, occurred_at) VALUES (gen_random_uuid(), 'roles-test', 'alice', 'signed-in', now())");
        Assert.Equal(1, await CountAsync(database, silo, "SELECT cluster_insert_version('roles-test')"));
        Assert.Equal(12, await CountAsync(database, silo, "SELECT count(*) FROM OrleansQuery"));

        // The audit trail is append-only even for the silo, and the frontend's key ring is not the silo's.
        await AssertRefusedAsync(database, silo, "UPDATE audit_event SET action = 'forged'");
        await AssertRefusedAsync(database, silo, "SELECT * FROM data_protection_keys");
        await AssertRefusedAsync(database, silo, "CREATE TABLE silo_made (id int)");
    }

    [Fact]
    public async Task TheRolesGetScramVerifiersNeverThePasswords()
    {
        var (database, silo, frontend) = MigrateNewDatabase();

        var stored = await fixture.Postgres.QueryAsync(database,
            $"SELECT rolpassword FROM pg_authid WHERE rolname IN ('{silo}', '{frontend}') AND rolcanlogin");

        Assert.Equal(2, stored.Count);
        Assert.All(stored, verifier => Assert.StartsWith("SCRAM-SHA-256$4096:", verifier, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, verifier => verifier!.Contains(Passwords.SiloPassword!, StringComparison.Ordinal)
            || verifier.Contains(Passwords.FrontendPassword!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GrantsOutliveASecondRunAndAMigrationThatRecreatesATable()
    {
        var (database, silo, frontend) = MigrateNewDatabase();
        var connectionString = fixture.Postgres.ConnectionString(database);

        // A second run with no passwords changes no login and applies no script.
        Assert.Empty(DatabaseMigrator.Migrate(connectionString, NullLogger.Instance));
        await ExecuteAsync(database, frontend, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ('key-1', '<key />')");
        await AssertRefusedAsync(database, frontend, "SELECT * FROM grain_state");

        // A migration that makes a table anew (here 0007 again, un-journaled): the new table has no
        // grants of its own, and the run grants it again.
        await fixture.Postgres.QueryAsync(database, """
            DROP TABLE data_protection_keys;
            DELETE FROM schema_migrations WHERE scriptname LIKE '%0007_data_protection_keys.sql'
            """);
        var applied = DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);

        Assert.Equal(["KeyKeeper.Silo.Migrations.Scripts.0007_data_protection_keys.sql"], applied);
        await ExecuteAsync(database, frontend, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ('key-2', '<key />')");
        Assert.Equal(1, await CountAsync(database, frontend, "SELECT count(*) FROM data_protection_keys"));
        await AssertRefusedAsync(database, silo, "SELECT * FROM data_protection_keys");
        await AssertRefusedAsync(database, frontend, "SELECT * FROM audit_event");
        await ExecuteAsync(database, silo, InsertUserRow);
    }

    private (string Database, string Silo, string Frontend) MigrateNewDatabase()
    {
        var database = $"roles_{Guid.NewGuid():N}";
        DatabaseMigrator.Migrate(fixture.Postgres.ConnectionString(database), NullLogger.Instance, Passwords);
        return (database, KeyKeeperDatabaseRoles.For(database, KeyKeeperDatabaseRoles.Silo),
            KeyKeeperDatabaseRoles.For(database, KeyKeeperDatabaseRoles.Frontend));
    }

    private async Task AssertRefusedAsync(string database, string role, string sql)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(database, role, sql));
        Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege,
            $"{role} running '{sql}': expected 42501 (insufficient privilege), got {refused.SqlState}: {refused.MessageText}");
    }

    private async Task<long> CountAsync(string database, string role, string sql)
    {
        await using var connection = await OpenAsAsync(database, role);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string database, string role, string sql)
    {
        await using var connection = await OpenAsAsync(database, role);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // The test server trusts every local login, so what is tried here is what the role may do, not its password.
    private async Task<NpgsqlConnection> OpenAsAsync(string database, string role)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fixture.Postgres.ConnectionString(database))
        {
            Username = role,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
