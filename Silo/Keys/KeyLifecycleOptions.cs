using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Keys;

public sealed class KeyLifecycleOptions
{
    public const string SectionName = "KeyLifecycle";

    /// <summary>The current one included.</summary>
    public int VersionsKept { get; set; } = 10;

    public TimeSpan DeletedRetention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan RotationDueAfter { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan PurgeSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Live and deleted keys alike: a deleted key still takes its room until purged.</summary>
    public int MaxProviders { get; set; } = 32;

    /// <summary>
    /// One user's stored row, as serialized: every save rewrites it, so it is bounded. A heavy
    /// user (10 versions of 4 keys) needs about 12 KB.
    /// </summary>
    public int MaxRowBytes { get; set; } = 256 * 1024;
}

public sealed class KeyLifecycleOptionsValidator() : SettingsValidator<KeyLifecycleOptions>(KeyLifecycleOptions.SectionName)
{
    protected override void Check(KeyLifecycleOptions options, SettingChecks checks)
    {
        checks.AtLeast(options.VersionsKept, 1);
        checks.Duration(options.DeletedRetention);
        checks.Duration(options.RotationDueAfter);
        checks.Duration(options.PurgeSweepInterval, SettingChecks.LongestTimerPeriod);
        checks.AtLeast(options.MaxProviders, 1);
        checks.AtLeast(options.MaxRowBytes, 16 * 1024);
    }
}
