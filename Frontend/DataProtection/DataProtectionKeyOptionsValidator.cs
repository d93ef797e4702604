using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.DataProtection;

/// <summary>
/// Refuses to start with a weak secret, or with none outside Development: without it the key ring
/// could be neither shared by the replicas nor kept encrypted.
/// </summary>
public sealed class DataProtectionKeyOptionsValidator(IHostEnvironment environment) : IValidateOptions<DataProtectionKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, DataProtectionKeyOptions options)
    {
        if (string.IsNullOrEmpty(options.Key))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("DataProtection:Key is not set: every frontend replica needs the same secret (at least "
                    + $"{DataProtectionKeyOptions.MinKeyLength} characters) to share and decrypt the cookie key ring.");
        }

        return options.Key.Length < DataProtectionKeyOptions.MinKeyLength
            ? ValidateOptionsResult.Fail($"DataProtection:Key must be at least {DataProtectionKeyOptions.MinKeyLength} characters long.")
            : ValidateOptionsResult.Success;
    }
}
