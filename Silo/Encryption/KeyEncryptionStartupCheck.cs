using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Encryption;

/// <summary>A silo whose key-encryption keys do not fit the stored data does not start: serving would show keys as unreadable.</summary>
public sealed class KeyEncryptionStartupCheck(
    KeyEncryptionCanary canary,
    NpgsqlDataSource database,
    KeyProtector protector,
    IOptions<ClusterOptions> cluster) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await canary.VerifyAsync(cancellationToken) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var missing = await MissingKeyIdsAsync(cancellationToken);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                "Stored keys need key-encryption key(s) that are not configured: "
                + string.Join(", ", missing.Select(pair => $"'{pair.Key}' ({pair.Value} users)"))
                + ". Add them to KeyEncryption:Keys (keep old keys until a rotation has re-wrapped every user).");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<Dictionary<string, long>> MissingKeyIdsAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT key_id, count(*) FROM user_key_encryption, unnest(key_ids) AS key_id
            WHERE service_id = $1 AND NOT (key_id = ANY($2))
            GROUP BY key_id ORDER BY key_id
            """);
        command.Parameters.Add(new() { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new() { Value = protector.ConfiguredKeyIds.ToArray() });
        var missing = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            missing[reader.GetString(0)] = reader.GetInt64(1);
        }

        return missing;
    }
}
