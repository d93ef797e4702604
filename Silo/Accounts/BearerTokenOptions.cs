using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Accounts;

public sealed class BearerTokenOptions
{
    public const string SectionName = "Tokens";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Beyond this, logging in again retires the oldest session.</summary>
    public int MaxSessionsPerUser { get; set; } = 50;
}

public sealed class BearerTokenOptionsValidator() : SettingsValidator<BearerTokenOptions>(BearerTokenOptions.SectionName)
{
    protected override void Check(BearerTokenOptions options, SettingChecks checks)
    {
        checks.Duration(options.TokenLifetime);
        checks.AtLeast(options.MaxSessionsPerUser, 1);
    }
}
