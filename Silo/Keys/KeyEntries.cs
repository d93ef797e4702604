using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Users;

namespace KeyKeeper.Silo.Keys;

/// <summary>Masking decrypts, so masks and the list are kept until an age or rotation flag changes; <see cref="Forget"/> after every write.</summary>
public sealed class KeyEntries(DataKeyVault vault, KeyLifecycleOptions lifecycle, TimeProvider time)
{
    private readonly Dictionary<string, (int Version, string? Masked)> _masks = new(StringComparer.Ordinal);
    private (IReadOnlyList<KeyEntry> Entries, DateTimeOffset ValidUntil)? _list;

    public IReadOnlyList<KeyEntry> List(UserKeysState state)
    {
        var now = time.GetUtcNow();
        if (_list is not { } list || now >= list.ValidUntil)
        {
            IReadOnlyList<KeyEntry> entries = [.. state.Providers
                .Where(pair => !pair.Value.IsDeleted)
                .OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => Entry(state, pair.Key, pair.Value, now))];
            _list = list = (entries, entries.Select(entry => NextAgeChange(entry, now)).DefaultIfEmpty(DateTimeOffset.MaxValue).Min());
        }

        return list.Entries;
    }

    public KeyEntry Entry(UserKeysState state, string provider, ProviderKey key, DateTimeOffset now)
    {
        var current = key.Current;
        if (!_masks.TryGetValue(provider, out var mask) || mask.Version != current.Number)
        {
            mask = (current.Number, Mask(state, provider, current));
            _masks[provider] = mask;
        }

        var age = now - current.SavedAt;
        return new KeyEntry(provider, mask.Masked, current.Number, current.SavedAt, (int)Math.Max(0, age.TotalDays),
            age >= lifecycle.RotationDueAfter, Readable: mask.Masked is not null, key.CurrentCheck?.ToValidation());
    }

    /// <summary>Past the recovery window a key is gone for the user, even before the sweep purges it.</summary>
    public IReadOnlyList<DeletedKey> Deleted(UserKeysState state)
    {
        var cutoff = time.GetUtcNow() - lifecycle.DeletedRetention;
        return [.. state.Providers
            .Where(pair => pair.Value.DeletedAt > cutoff)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new DeletedKey(pair.Key, pair.Value.Current.Number, pair.Value.DeletedAt!.Value, pair.Value.DeletedAt.Value + lifecycle.DeletedRetention))];
    }

    public IReadOnlyList<KeyVersionInfo> Versions(UserKeysState state, string provider, ProviderKey key)
    {
        var current = key.IsDeleted ? null : key.Current;
        return [.. key.Versions.Reverse().Select(version => new KeyVersionInfo(
            version.Number, Mask(state, provider, version), version.SavedAt, version.RestoredFrom, Current: version == current))];
    }

    public void Forget()
    {
        _masks.Clear();
        _list = null;
    }

    private string? Mask(UserKeysState state, string provider, KeyVersion version) =>
        vault.TryOpen(state, provider, version.Sealed, out var value) ? KeyMask.Mask(value) : null;

    private DateTimeOffset NextAgeChange(KeyEntry entry, DateTimeOffset now)
    {
        var nextDay = entry.UpdatedAt + TimeSpan.FromDays(entry.AgeDays + 1);
        var rotationDue = entry.UpdatedAt + lifecycle.RotationDueAfter;
        return rotationDue > now && rotationDue < nextDay ? rotationDue : nextDay;
    }
}
