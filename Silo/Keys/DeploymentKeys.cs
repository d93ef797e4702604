using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Keys;

/// <summary>
/// The deployment's default key per provider (setting <c>DeploymentKeys:{provider}</c>, an Aspire
/// secret parameter), handed to app tokens of users who have no key of their own for that
/// provider. Values are checked like a user's paste when the silo starts (<see cref="Validator"/>).
/// </summary>
public sealed class DeploymentKeys(IOptions<DeploymentKeys.Settings> settings)
{
    public const string SectionName = "DeploymentKeys";

    private readonly Dictionary<string, string> _keys = settings.Value.Checked()
        .Where(key => key.Value is not null)
        .ToDictionary(key => key.Provider, key => key.Value!, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Providers => _keys.Keys;

    public string? For(string provider) => _keys.GetValueOrDefault(provider);

    /// <summary>The section as it is configured: provider name → key (a blank value is no key).</summary>
    public sealed class Settings : Dictionary<string, string?>
    {
        public Settings()
            : base(StringComparer.OrdinalIgnoreCase)
        {
        }

        /// <summary>Each key that is set: its normalized value, or why it is refused (the shape only, never the value).</summary>
        internal IEnumerable<(string Setting, string Provider, string? Value, string? Error)> Checked()
        {
            foreach (var (setting, raw) in this.Where(pair => !string.IsNullOrWhiteSpace(pair.Value)))
            {
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

    /// <summary>Refuses a provider name that is not one, and a key of the wrong shape for its provider.</summary>
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
