using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Keys;

public sealed class DeploymentKeys(IOptions<DeploymentKeys.Settings> settings)
{
    public const string SectionName = "DeploymentKeys";

    /// <summary>The one setting of the section that is not a provider's key: may the gateway use these keys for users without one.</summary>
    public const string GatewayFallbackSetting = "GatewayFallback";

    private readonly Dictionary<string, string> _keys = settings.Value.Checked()
        .Where(key => key.Value is not null)
        .ToDictionary(key => key.Provider, key => key.Value!, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Providers => _keys.Keys;

    public string? For(string provider) => _keys.GetValueOrDefault(provider);

    /// <summary>The key the gateway may use for a user without one of their own: none unless the deployment allows it.</summary>
    public string? GatewayFallbackFor(string provider) => settings.Value.GatewayFallback ? For(provider) : null;

    public sealed class Settings : Dictionary<string, string?>
    {
        public Settings()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        public bool GatewayFallback => bool.TryParse(this.GetValueOrDefault(GatewayFallbackSetting), out var allowed) && allowed;

        /// <summary>An error names the shape only, never the value.</summary>
        internal IEnumerable<(string Setting, string Provider, string? Value, string? Error)> Checked()
        {
            foreach (var (setting, raw) in this.Where(pair => !string.IsNullOrWhiteSpace(pair.Value)))
            {
                if (string.Equals(setting, GatewayFallbackSetting, StringComparison.OrdinalIgnoreCase))
                {
                    if (!bool.TryParse(raw, out _))
                    {
                        yield return (setting, setting, null, "must be true or false.");
                    }

                    continue;
                }

                var provider = setting.ToLowerInvariant();
                if (!ProviderName.IsValid(provider))
                {
                    yield return (setting, provider, null, ProviderName.Rule);
                }
                else
                {
                    yield return KeyValue.TryNormalizeFor(provider, raw, out var value, out var error)
                        ? (setting, provider, value, null)
                        : (setting, provider, null, error);
                }
            }
        }
    }

    public sealed class Validator() : SettingsValidator<Settings>(SectionName)
    {
        protected override void Check(Settings options, SettingChecks checks)
        {
            foreach (var (setting, _, _, error) in options.Checked().Where(key => key.Error is not null))
            {
                checks.Refuse($"{checks.Setting(setting)}: {error}");
            }
        }
    }
}
