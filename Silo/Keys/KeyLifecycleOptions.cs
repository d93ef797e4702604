using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Keys;

/// <summary>How long keys, their versions and deleted keys are kept, and when a key is due for rotation.</summary>
public sealed class KeyLifecycleOptions
{
    public const string SectionName = "KeyLifecycle";

    /// <summary>Versions kept per provider, the current one included.</summary>
    public int VersionsKept { get; set; } = 10;

    /// <summary>How long a deleted key can be undeleted before it is purged.</summary>
    public TimeSpan DeletedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A key older than this is marked <c>rotationDue</c>.</summary>
    public TimeSpan RotationDueAfter { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each silo looks for deleted keys past their recovery window.</summary>
    public TimeSpan PurgeSweepInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Refuses keeping no version at all, and durations of 0 or less (or too long for a timer, for the sweep).</summary>
public sealed class KeyLifecycleOptionsValidator() : SettingsValidator<KeyLifecycleOptions>(KeyLifecycleOptions.SectionName)
{
    protected override void Check(KeyLifecycleOptions options, SettingChecks checks)
    {
        checks.AtLeast(options.VersionsKept, 1);
        checks.Duration(options.DeletedRetention);
        checks.Duration(options.RotationDueAfter);
        checks.Duration(options.PurgeSweepInterval, SettingChecks.LongestTimerPeriod);
    }
}
