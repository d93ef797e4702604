using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Pages.Settings;

/// <summary>One provider's row on the keys page, as the grain reported it for this page load.</summary>
public sealed record KeyRow(string Provider, string DisplayName, KeyEntry? Entry, DeletedKey? Deleted, IReadOnlyList<KeyVersionInfo> Versions)
{
    /// <summary>What is shown while the key store cannot be reached.</summary>
    public static KeyRow Unknown(string provider) => new(provider, DisplayNameOf(provider), null, null, []);

    public static IReadOnlyList<KeyRow> AllOf(KeyRingView ring)
    {
        var catalogue = ProviderCatalogue.Providers.Select(p => p.Name).Where(name => name != ProviderCatalogue.Other);
        var others = ring.Keys.Select(k => k.Provider).Concat(ring.Deleted.Select(d => d.Provider))
            .Where(name => ProviderCatalogue.Find(name) is null)
            .Distinct()
            .Order(StringComparer.Ordinal);
        return [.. catalogue.Concat(others).Append(ProviderCatalogue.Other).Select(provider =>
        {
            var entry = ring.Keys.FirstOrDefault(k => k.Provider == provider);
            var versions = entry is { Version: > 0 } ? ring.Versions.GetValueOrDefault(provider) ?? [] : [];
            return new KeyRow(provider, DisplayNameOf(provider), entry, entry is null ? ring.Deleted.FirstOrDefault(d => d.Provider == provider) : null, versions);
        })];
    }

    public static string DisplayNameOf(string provider) => ProviderCatalogue.Find(provider)?.DisplayName ?? provider;
}
