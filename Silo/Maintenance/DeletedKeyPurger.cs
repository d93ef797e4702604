using KeyKeeper.Silo.Keys;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Maintenance;

/// <summary>A <c>user_deleted_keys</c> row may outlive an undelete, so the user's grain decides what is really due.</summary>
public sealed partial class DeletedKeyPurger(
    NpgsqlDataSource database,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    IOptions<KeyLifecycleOptions> lifecycle,
    TimeProvider time,
    ILogger<DeletedKeyPurger> logger) : PeriodicSweep(time)
{
    private const int BatchSize = 500;

    protected override TimeSpan? Period => lifecycle.Value.PurgeSweepInterval;

    protected override void OnSwept(int count) => LogPurged(count);

    protected override void OnSweepFailed(Exception exception) => LogSweepFailed(exception);

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT DISTINCT grain_id_string FROM user_deleted_keys
            WHERE service_id = $1 AND deleted_at <= $2
            LIMIT $3
            """);
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        var cutoff = Time.GetUtcNow() - lifecycle.Value.DeletedRetention;
        command.Parameters.Add(new() { Value = cutoff.UtcDateTime });
        command.Parameters.Add(new() { Value = BatchSize });
        var due = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add(reader.GetString(0));
            }
        }

        var purged = 0;
        foreach (var grainKey in due)
        {
            purged += await grains.GetGrain<IUserKeysMaintenance>(grainKey).PurgeExpiredAsync();

            // The grain has purged everything due (or those keys were undeleted): the rows are done.
            await using var done = database.CreateCommand(
                "DELETE FROM user_deleted_keys WHERE service_id = $1 AND grain_id_string = $2 AND deleted_at <= $3");
            done.Parameters.Add(new() { Value = cluster.Value.ServiceId });
            done.Parameters.Add(new() { Value = grainKey });
            done.Parameters.Add(new() { Value = cutoff.UtcDateTime });
            await done.ExecuteNonQueryAsync(cancellationToken);
        }

        return purged;
    }

    [LoggerMessage(LogLevel.Information, "Purged {Count} deleted keys past their recovery window.")]
    private partial void LogPurged(int count);

    [LoggerMessage(LogLevel.Warning, "Sweeping deleted keys failed; the next sweep tries again.")]
    private partial void LogSweepFailed(Exception exception);
}
