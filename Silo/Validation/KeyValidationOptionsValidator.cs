using System.Net;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Silo.Validation;

/// <summary>Refuses settings that would send keys where they must not go (plain HTTP off loopback, credentials in a URL).</summary>
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

        foreach (var (provider, endpoint) in options.Providers)
        {
            var setting = checks.Setting($"{nameof(options.Providers)}:{provider}:{nameof(endpoint.BaseUrl)}");
            if (!ProviderName.IsValid(provider))
            {
                checks.Refuse($"{checks.Setting($"{nameof(options.Providers)}:{provider}")}: {ProviderName.Rule}");
            }
            else if (endpoint.BaseUrl is null)
            {
                if (!ProviderValidator.IsBuiltIn(provider))
                {
                    checks.Refuse($"{setting} is required for a provider that is not built in.");
                }
            }
            else if (!Uri.TryCreate(endpoint.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                checks.Refuse($"{setting} must be an absolute http(s) URL.");
            }
            else if (url.Scheme == "http" && !IsLoopback(url))
            {
                checks.Refuse($"{setting} must use HTTPS: keys are never sent in clear text off this machine.");
            }
            else if (url.UserInfo.Length > 0)
            {
                checks.Refuse($"{setting} must not contain credentials.");
            }
        }
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
