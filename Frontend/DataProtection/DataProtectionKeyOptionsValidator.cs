using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Frontend.DataProtection;

/// <summary>Without a secret the key ring could be neither shared by the replicas nor kept encrypted; messages never repeat it.</summary>
public sealed class DataProtectionKeyOptionsValidator(IHostEnvironment environment)
    : SettingsValidator<DataProtectionKeyOptions>(DataProtectionKeyOptions.SectionName)
{
    protected override void Check(DataProtectionKeyOptions options, SettingChecks checks)
    {
        var setting = checks.Setting(nameof(options.Key));
        if (string.IsNullOrEmpty(options.Key))
        {
            if (!environment.IsDevelopment())
            {
                checks.Refuse($"{setting} is not set: every frontend replica needs the same secret (at least "
                    + $"{DataProtectionKeyOptions.MinKeyLength} characters) to share and decrypt the cookie key ring.");
            }
        }
        else if (options.Key.Length < DataProtectionKeyOptions.MinKeyLength)
        {
            checks.Refuse($"{setting} must be at least {DataProtectionKeyOptions.MinKeyLength} characters long.");
        }
    }
}
