using System.Net;
using KeyKeeper.Grains.Abstractions;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Validation;

/// <summary>
/// Refuses settings that would send keys somewhere they must not go (plain HTTP off loopback,
/// credentials in a URL) or that make no sense; checked when the silo starts.
/// </summary>
public sealed class KeyValidationOptionsValidator : IValidateOptions<KeyValidationOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyValidationOptions options)
    {
        var failures = new List<string>();
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{KeyValidationOptions.SectionName}:Timeout must be more than 0 and at most 1 minute.");
        }

        if (options.Interval is { } interval && interval < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{KeyValidationOptions.SectionName}:Interval must be at least 1 minute (or unset, for no periodic check).");
        }

        foreach (var (provider, endpoint) in options.Providers)
        {
            var setting = $"{KeyValidationOptions.SectionName}:Providers:{provider}:BaseUrl";
            if (!ProviderName.IsValid(provider))
            {
                failures.Add($"{KeyValidationOptions.SectionName}:Providers:{provider}: {ProviderName.Rule}");
            }
            else if (endpoint.BaseUrl is null)
            {
                if (!ProviderValidator.IsBuiltIn(provider))
                {
                    failures.Add($"{setting} is required for a provider that is not built in.");
                }
            }
            else if (!Uri.TryCreate(endpoint.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                failures.Add($"{setting} must be an absolute http(s) URL.");
            }
            else if (url.Scheme == "http" && !IsLoopback(url))
            {
                failures.Add($"{setting} must use HTTPS: keys are never sent in clear text off this machine.");
            }
            else if (url.UserInfo.Length > 0)
            {
                failures.Add($"{setting} must not contain credentials.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
