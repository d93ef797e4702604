using System.Net;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.ServiceDefaults.Providers;

/// <summary>
/// <c>Providers:&lt;name&gt;:BaseUrl</c> and <c>:Auth</c>: the providers that keys are checked with and
/// that the gateway forwards to, built in for openai, anthropic, google and groq.
/// </summary>
public sealed class ProviderSettings : Dictionary<string, ProviderSettings.Endpoint>
{
    public const string SectionName = "Providers";

    public ProviderSettings()
        : base(StringComparer.Ordinal)
    {
    }

    public sealed class Endpoint
    {
        public string? BaseUrl { get; set; }

        /// <summary>Defaults to the built-in provider's way, else <see cref="ProviderAuth.Bearer"/>.</summary>
        public ProviderAuth? Auth { get; set; }
    }

    /// <summary>Refuses settings that would send keys where they must not go (plain HTTP off loopback, credentials in a URL).</summary>
    public sealed class Validator() : SettingsValidator<ProviderSettings>(SectionName)
    {
        protected override void Check(ProviderSettings options, SettingChecks checks)
        {
            foreach (var (provider, endpoint) in options)
            {
                var setting = checks.Setting($"{provider}:{nameof(endpoint.BaseUrl)}");
                if (!ProviderName.IsValid(provider))
                {
                    checks.Refuse($"{checks.Setting(provider)}: {ProviderName.Rule}");
                }
                else if (endpoint.BaseUrl is null)
                {
                    if (!ProviderEndpoints.BuiltIn.ContainsKey(provider))
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
                else if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
                {
                    checks.Refuse($"{setting} must not contain credentials, a query or a fragment.");
                }
            }
        }

        private static bool IsLoopback(Uri url) =>
            url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
