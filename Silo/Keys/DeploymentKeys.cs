using KeyKeeper.Grains.Abstractions;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Keys;

/// <summary>
/// The deployment's default key per provider (setting <c>DeploymentKeys:{provider}</c>, an Aspire
/// secret parameter), handed to app tokens of users who have no key of their own for that
/// provider. Values are checked like a user's paste when the silo starts.
/// </summary>
public sealed class DeploymentKeys
{
    public const string SectionName = "DeploymentKeys";

    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    public DeploymentKeys(IConfiguration configuration)
    {
        var errors = new List<string>();
        foreach (var setting in configuration.GetSection(SectionName).GetChildren())
        {
            var provider = setting.Key.ToLowerInvariant();
            if (string.IsNullOrWhiteSpace(setting.Value))
            {
                continue;
            }

            if (!ProviderName.IsValid(provider))
            {
                errors.Add($"{SectionName}:{setting.Key}: {ProviderName.Rule}");
            }
            else if (!KeyValue.TryNormalizeFor(provider, setting.Value, out var value, out var error))
            {
                // The message describes the shape only, never the value.
                errors.Add($"{SectionName}:{setting.Key}: {error}");
            }
            else
            {
                _keys[provider] = value;
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(DeploymentKeys), errors);
        }
    }

    public IReadOnlyCollection<string> Providers => _keys.Keys;

    public string? For(string provider) => _keys.GetValueOrDefault(provider);
}
