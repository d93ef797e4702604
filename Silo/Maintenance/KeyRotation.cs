using KeyKeeper.Silo.Encryption;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Maintenance;

/// <summary>Through each user's grain, the only writer of its state, so saves made meanwhile are safe; a stopped run resumes when run again.</summary>
public sealed partial class KeyRotation(
    NpgsqlDataSource database,
    IGrainFactory grains,
    KeyProtector protector,
    IOptions<ClusterOptions> cluster,
    ILogger<KeyRotation> logger)
{
    private const int BatchSize = 500;
    private const int Parallelism = 8;

    public async Task<KeyRotationReport> RunAsync(CancellationToken cancellationToken = default)
    {
        int rewrapped = 0, current = 0, unreadable = 0, failed = 0, seen = 0;
        var after = string.Empty;
        while (true)
        {
            var batch = await UsersNeedingRotationAsync(after, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (grainKey, _) =>
            {
                try
                {
                    switch (await grains.GetGrain<IUserKeysMaintenance>(grainKey).RewrapAsync())
                    {
                        case RewrapOutcome.Rewrapped:
                            Interlocked.Increment(ref rewrapped);
                            break;
                        case RewrapOutcome.AlreadyCurrent:
                            Interlocked.Increment(ref current);
                            break;
                        default:
                            Interlocked.Increment(ref unreadable);
                            break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    LogUserFailed(e, grainKey);
                }
            });

            seen += batch.Count;
            after = batch[^1];
            LogProgress(seen, rewrapped);
        }

        var remaining = await CountUsersNeedingRotationAsync(cancellationToken);
        return new KeyRotationReport(protector.ActiveKeyId, seen, rewrapped, current, unreadable, failed, remaining);
    }

    private async Task<List<string>> UsersNeedingRotationAsync(string after, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT grain_id_string FROM user_key_encryption
            WHERE service_id = $1 AND NOT (key_ids <@ ARRAY[$2]::text[]) AND grain_id_string > $3
            ORDER BY grain_id_string
            LIMIT $4
            """);
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new() { Value = protector.ActiveKeyId });
        command.Parameters.Add(new() { Value = after });
        command.Parameters.Add(new() { Value = BatchSize });
        var users = new List<string>(BatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    private async Task<int> CountUsersNeedingRotationAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT count(*) FROM user_key_encryption WHERE service_id = $1 AND NOT (key_ids <@ ARRAY[$2]::text[])");
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new() { Value = protector.ActiveKeyId });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(LogLevel.Information, "Key rotation: {Seen} users checked, {Rewrapped} re-wrapped so far.")]
    private partial void LogProgress(int seen, int rewrapped);

    [LoggerMessage(LogLevel.Warning, "Key rotation could not re-wrap {GrainKey}; run the rotation again to retry.")]
    private partial void LogUserFailed(Exception exception, string grainKey);
}
