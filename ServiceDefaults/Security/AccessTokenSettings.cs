namespace KeyKeeper.ServiceDefaults.Security;

/// <summary>
/// <c>AccessTokens:SigningKey</c>: the secret every silo signs bearer tokens with and every
/// frontend checks them with, so all of them must have the same one. The AppHost generates it.
/// </summary>
public sealed class AccessTokenSettings
{
    public const string SectionName = "AccessTokens";

    // The same as the signing key's own minimum; ServiceDefaults knows no grain types.
    public const int MinimumLength = 32;

    public string? SigningKey { get; set; }

    public sealed class Validator() : SettingsValidator<AccessTokenSettings>(SectionName)
    {
        protected override void Check(AccessTokenSettings options, SettingChecks checks)
        {
            if (options.SigningKey is not { Length: >= MinimumLength })
            {
                checks.Refuse($"{checks.Setting(nameof(SigningKey))} must be set to a secret of at least {MinimumLength} characters, the same for every silo and frontend.");
            }
        }
    }
}
