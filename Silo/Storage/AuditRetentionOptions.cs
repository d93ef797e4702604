using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Storage;

public sealed class AuditRetentionOptions
{
    public const string SectionName = "Audit";

    /// <summary>About 13 months: a year of history with a month's margin for yearly reviews.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

public sealed class AuditRetentionOptionsValidator() : SettingsValidator<AuditRetentionOptions>(AuditRetentionOptions.SectionName)
{
    protected override void Check(AuditRetentionOptions options, SettingChecks checks)
    {
        checks.Duration(options.Retention);
        checks.Duration(options.SweepInterval, SettingChecks.LongestTimerPeriod);
    }
}
