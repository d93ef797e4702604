using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Accounts;

/// <summary>How long bearer tokens live and how many one user may hold.</summary>
public sealed class BearerTokenOptions
{
    public const string SectionName = "Tokens";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Beyond this, logging in again retires the oldest session.</summary>
    public int MaxSessionsPerUser { get; set; } = 50;
}

/// <summary>Refuses a lifetime of 0 or less and fewer than one session per user (no one could log in).</summary>
public sealed class BearerTokenOptionsValidator() : SettingsValidator<BearerTokenOptions>(BearerTokenOptions.SectionName)
{
    protected override void Check(BearerTokenOptions options, SettingChecks checks)
    {
        checks.Duration(options.TokenLifetime);
        checks.AtLeast(options.MaxSessionsPerUser, 1);
    }
}
