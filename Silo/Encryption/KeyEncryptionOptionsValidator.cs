using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Encryption;

/// <summary>Refuses to start with a missing, unknown or weak key-encryption key.</summary>
public sealed class KeyEncryptionOptionsValidator : IValidateOptions<KeyEncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyEncryptionOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            failures.Add("KeyEncryption:ActiveKeyId is not set: name the key-encryption key that encrypts new values.");
        }
        else if (!options.Keys.ContainsKey(options.ActiveKeyId))
        {
            failures.Add($"KeyEncryption:ActiveKeyId is '{options.ActiveKeyId}', but KeyEncryption:Keys:{options.ActiveKeyId} is not configured.");
        }

        foreach (var (id, secret) in options.Keys)
        {
            if (string.IsNullOrEmpty(secret) || secret.Length < KeyEncryptionOptions.MinSecretLength)
            {
                failures.Add($"KeyEncryption:Keys:{id} must be at least {KeyEncryptionOptions.MinSecretLength} characters long.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
