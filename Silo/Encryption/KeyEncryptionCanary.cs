using Npgsql;

namespace KeyKeeper.Silo.Encryption;

/// <summary>Decrypting it proves that the configured secrets are the ones that encrypted the stored keys.</summary>
public sealed class KeyEncryptionCanary(NpgsqlDataSource database, KeyProtector protector)
{
    private const string CanaryText = "keykeeper key-encryption canary";

    // Health probes run every few seconds: the active key's canary needs writing once per process.
    private volatile bool _activeKeyCanaryWritten;

    /// <summary>Null when every configured key that has a canary decrypts it.</summary>
    public async Task<string?> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (!_activeKeyCanaryWritten)
        {
            await EnsureActiveKeyCanaryAsync(connection, cancellationToken);
            _activeKeyCanaryWritten = true;
        }

        await using var select = new NpgsqlCommand("SELECT key_id, ciphertext FROM key_encryption_canary", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var value = new ProtectedValue(reader.GetString(0), (byte[])reader[1]);
            if (protector.IsConfigured(value.KeyId)
                && !(protector.TryOpenCanary(value, out var text) && text == CanaryText))
            {
                return $"The secret configured for key-encryption key '{value.KeyId}' is not the one that encrypted the stored keys. Restore the original secret (KeyEncryption:Keys:{value.KeyId}).";
            }
        }

        return null;
    }

    private async Task EnsureActiveKeyCanaryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var canary = protector.SealCanary(CanaryText);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO key_encryption_canary (key_id, ciphertext) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING", connection);
        insert.Parameters.Add(new() { Value = canary.KeyId });
        insert.Parameters.Add(new() { Value = canary.Ciphertext });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
