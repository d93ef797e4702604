using KeyKeeper.Silo.Migrations;
using KeyKeeper.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class MigrationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task MigratingCreatesTheDatabaseAndRerunningChangesNothing()
    {
        var database = $"migrate_{Guid.NewGuid():N}";
        var connectionString = fixture.Postgres.ConnectionString(database);

        var first = DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);
        var schemaAfterFirst = await SchemaAsync(database);
        var second = DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);

        Assert.NotEmpty(first);
        Assert.Empty(second);
        Assert.Equal(schemaAfterFirst, await SchemaAsync(database));
        var queryKeys = await fixture.Postgres.QueryAsync(database, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey");
        Assert.Equal(
            ["CleanupDefunctSiloEntriesKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
             "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
             "ReadFromStorageKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey", "WriteToStorageKey"],
            queryKeys);
    }

    [Fact]
    public async Task AStateRowPastTheToastThresholdIsCompressedWithLz4()
    {
        var database = $"migrate_{Guid.NewGuid():N}";
        DatabaseMigrator.Migrate(fixture.Postgres.ConnectionString(database), NullLogger.Instance);

        // Another state than a user's, so the user-row trigger stays out of it; the column is the same.
        await fixture.Postgres.QueryAsync(database, """
            INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string, grain_id_hash, grain_type_hash, payload, version)
            VALUES ('lz4-test', 'other-state', 0, 0, 'row', 0, 0, convert_to(repeat('{"Number":1,"Sealed":"c2VhbGVk"},', 400), 'UTF8'), 1)
            """);

        Assert.Equal(["lz4"], await fixture.Postgres.QueryAsync(database, "SELECT pg_column_compression(payload) FROM grain_state WHERE grain_id_string = 'row'"));
    }

    [Fact]
    public async Task TheMigrationCommandExitsNonZeroWithAReasonWhenTheDatabaseIsUnreachable()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;

        Assert.Equal(1, await MigrationCommand.RunAsync([$"--{TestDeployment.ConnectionStringSetting}={unreachable}"]));
        Assert.Equal(2, await MigrationCommand.RunAsync([$"--{TestDeployment.ConnectionStringSetting}="]));
    }

    [Fact]
    public async Task TheMigrationCommandExitsZeroOnAnUpToDateDatabase()
    {
        Assert.Equal(0, await MigrationCommand.RunAsync([$"--{TestDeployment.ConnectionStringSetting}={fixture.ConnectionString}"]));
    }

    private async Task<string> SchemaAsync(string database) =>
        string.Join('\n', await fixture.Postgres.QueryAsync(database, """
            SELECT table_name || '.' || column_name || ':' || data_type
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'journal:' || count(*) FROM schema_migrations
            UNION ALL SELECT 'queries:' || count(*) FROM OrleansQuery
            ORDER BY 1
            """));
}
