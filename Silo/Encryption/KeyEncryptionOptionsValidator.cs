using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Encryption;

/// <summary>Refuses to start with a missing, unknown or weak key-encryption key (the messages never repeat a secret).</summary>
public sealed class KeyEncryptionOptionsValidator() : SettingsValidator<KeyEncryptionOptions>(KeyEncryptionOptions.SectionName)
{
    protected override void Check(KeyEncryptionOptions options, SettingChecks checks)
    {
        var active = checks.Setting(nameof(options.ActiveKeyId));
        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            checks.Refuse($"{active} is not set: name the key-encryption key that encrypts new values.");
        }
        else if (!options.Keys.ContainsKey(options.ActiveKeyId))
        {
            checks.Refuse($"{active} is '{options.ActiveKeyId}', but {checks.Setting(nameof(options.Keys))}:{options.ActiveKeyId} is not configured.");
        }

        foreach (var (id, secret) in options.Keys)
        {
            if (string.IsNullOrEmpty(secret) || secret.Length < KeyEncryptionOptions.MinSecretLength)
            {
                checks.Refuse($"{checks.Setting(nameof(options.Keys))}:{id} must be at least {KeyEncryptionOptions.MinSecretLength} characters long.");
            }
        }
    }
}
