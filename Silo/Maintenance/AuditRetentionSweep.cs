using KeyKeeper.Silo.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Maintenance;

/// <summary>Deletes audit events older than <c>Audit:Retention</c>, a batch per statement so no delete holds locks for long.</summary>
public sealed partial class AuditRetentionSweep(
    NpgsqlDataSource database,
    IOptions<ClusterOptions> cluster,
    IOptions<AuditRetentionOptions> retention,
    TimeProvider time,
    ILogger<AuditRetentionSweep> logger) : PeriodicSweep(time)
{
    private const int BatchSize = 5000;

    protected override TimeSpan? Period => retention.Value.SweepInterval;

    protected override void OnSwept(int count) => LogDeleted(count);

    protected override void OnSweepFailed(Exception exception) => LogSweepFailed(exception);

    public override async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow() - retention.Value.Retention;
        var deleted = 0;
        int batch;
        do
        {
            await using var command = database.CreateCommand("""
                DELETE FROM audit_event WHERE id IN (
                    SELECT id FROM audit_event WHERE service_id = $1 AND occurred_at < $2 LIMIT $3)
                """);
            command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
            command.Parameters.Add(new() { Value = cutoff.UtcDateTime });
            command.Parameters.Add(new() { Value = BatchSize });
            batch = await command.ExecuteNonQueryAsync(cancellationToken);
            deleted += batch;
        }
        while (batch == BatchSize);

        return deleted;
    }

    [LoggerMessage(LogLevel.Information, "Deleted {Count} audit events past their retention.")]
    private partial void LogDeleted(int count);

    [LoggerMessage(LogLevel.Warning, "Sweeping old audit events failed; the next sweep tries again.")]
    private partial void LogSweepFailed(Exception exception);
}
