using Npgsql;

namespace KeyKeeper.Silo.Legacy;

/// <summary>
/// Whether the service's cluster has live silos, read from its membership table. While it has,
/// the import runs as their client: a user's grain is then activated once, in the live cluster,
/// never a second time in a silo of the import's own next to a live activation's stale state.
/// </summary>
internal static class LiveCluster
{
    // Orleans' status code of an active silo.
    private const int Active = 3;

    // A silo refreshes its row every 5 minutes (IAmAliveTablePublishTimeout); a crashed one's row
    // stays Active until another silo declares it dead, so an old row is not a live silo.
    private const int AliveWithinMinutes = 10;

    public static async Task<int> CountActiveSilosAsync(string connectionString, string clusterId)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand(
            "SELECT count(*) FROM cluster_membership WHERE deployment_id = $1 AND status = $2 " +
            "AND i_am_alive_time > now() - make_interval(mins => $3)");
        command.Parameters.Add(new() { Value = clusterId });
        command.Parameters.Add(new() { Value = Active });
        command.Parameters.Add(new() { Value = AliveWithinMinutes });
        try
        {
            return Convert.ToInt32(await command.ExecuteScalarAsync());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No schema yet, so no cluster either.
            return 0;
        }
    }
}
