using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Validation;

public sealed class KeyValidationOptionsValidator() : SettingsValidator<KeyValidationOptions>(KeyValidationOptions.SectionName)
{
    /// <summary>The user's grain (not reentrant) waits with it.</summary>
    public static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(1);

    protected override void Check(KeyValidationOptions options, SettingChecks checks)
    {
        checks.Duration(options.Timeout, LongestTimeout);
        if (options.Interval is { } interval)
        {
            // Each silo sweeps every quarter of the interval, on a timer.
            checks.Between(interval, ShortestInterval, 4 * SettingChecks.LongestTimerPeriod, nameof(options.Interval));
        }
    }
}
