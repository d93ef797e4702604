using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Users;
using KeyKeeper.Silo.Validation;

namespace KeyKeeper.Silo.Keys;

/// <summary>Each change re-reads the state it is given, so a rerun after a reload checks its preconditions again.</summary>
public sealed class KeyRing(DataKeyVault vault, KeyEntries entries, KeyLifecycleOptions lifecycle, TimeProvider time)
{
    public KeyEntries Entries => entries;

    public KeyEntry Get(UserKeysState state, string provider) =>
        entries.Entry(state, provider, RequireLive(state, provider), time.GetUtcNow());

    public KeyRingView View(UserKeysState state)
    {
        var live = entries.List(state);
        return new KeyRingView(live, entries.Deleted(state),
            live.ToDictionary(entry => entry.Provider, entry => entries.Versions(state, entry.Provider, state.Providers[entry.Provider])));
    }

    public IReadOnlyList<KeyVersionInfo> Versions(UserKeysState state, string provider) =>
        state.Providers.TryGetValue(provider, out var key) ? entries.Versions(state, provider, key) : throw NoSuchKey(provider);

    public Change<KeyEntry> Save(UserKeysState state, Actor actor, string provider, string value, VersionPrecondition? ifMatch)
    {
        if (!ProviderName.IsValid(provider))
        {
            throw KeyKeeperException.InvalidInput("provider", ProviderName.Rule);
        }

        if (!KeyValue.TryNormalizeFor(provider, value, out var normalized, out var error))
        {
            throw KeyKeeperException.InvalidInput("value", error);
        }

        var now = time.GetUtcNow();
        var existing = state.Providers.GetValueOrDefault(provider);
        var live = Live(state, provider);
        RequirePrecondition(ifMatch, live);
        if (existing is null && state.Providers.Count >= lifecycle.MaxProviders)
        {
            throw KeyKeeperException.Conflict(
                $"You can keep keys for at most {lifecycle.MaxProviders} providers (deleted keys count until purged). Purge a key you no longer need to add another provider.");
        }

        if (live is not null && vault.TryOpen(state, provider, live.Current.Sealed, out var current) && FixedTimeEquals(current, normalized))
        {
            // Saving the value already in use (a retry, a double click) is a success that changes nothing.
            return Change.None(entries.Entry(state, provider, live, now));
        }

        var number = (existing?.Current.Number ?? 0) + 1;
        var version = new KeyVersion(number, vault.Seal(state, provider, normalized), now, RestoredFrom: null);
        state.Providers[provider] = new ProviderKey(KeepLatest([.. existing?.Versions ?? [], version]), DeletedAt: null);
        var saved = new KeyEntry(provider, KeyMask.Mask(normalized), number, now, AgeDays: 0, RotationDue: false, Readable: true);
        return Change.Made(saved, actor.Did(live is null ? AuditAction.Created : AuditAction.Updated, now, provider, number));
    }

    public Change<bool> Delete(UserKeysState state, Actor actor, string provider, VersionPrecondition? ifMatch, bool purge)
    {
        var existing = state.Providers.GetValueOrDefault(provider);
        var live = Live(state, provider);
        if (existing is null || (live is null && !purge))
        {
            throw NoSuchKey(provider);
        }

        RequirePrecondition(ifMatch, live);
        var now = time.GetUtcNow();
        if (purge)
        {
            state.Providers.Remove(provider);
            return Change.Made(true, actor.Did(AuditAction.Purged, now, provider, existing.Current.Number));
        }

        state.Providers[provider] = existing with { DeletedAt = now };
        return Change.Made(true, actor.Did(AuditAction.Deleted, now, provider, existing.Current.Number));
    }

    public Change<KeyEntry> Undelete(UserKeysState state, Actor actor, string provider)
    {
        var now = time.GetUtcNow();
        if (!state.Providers.TryGetValue(provider, out var existing) || existing.DeletedAt is not { } deletedAt
            || deletedAt + lifecycle.DeletedRetention <= now)
        {
            throw KeyKeeperException.NotFound($"There is no deleted {provider} key that can still be brought back.");
        }

        var restored = existing with { DeletedAt = null };
        state.Providers[provider] = restored;
        return Change.Made(entries.Entry(state, provider, restored, now), actor.Did(AuditAction.Undeleted, now, provider, restored.Current.Number));
    }

    public Change<KeyEntry> Restore(UserKeysState state, Actor actor, string provider, int version, VersionPrecondition? ifMatch)
    {
        var existing = state.Providers.GetValueOrDefault(provider);
        var kept = existing?.Versions.FirstOrDefault(v => v.Number == version)
            ?? throw KeyKeeperException.NotFound($"Version {version} of the {provider} key is not kept.");
        RequirePrecondition(ifMatch, Live(state, provider));
        var now = time.GetUtcNow();
        var number = existing!.Current.Number + 1;

        // Sealed bytes are bound to this user and provider only, so the kept ciphertext serves the
        // new version as it is: nothing is decrypted to restore it.
        var restored = new ProviderKey(KeepLatest([.. existing.Versions, new KeyVersion(number, kept.Sealed, now, RestoredFrom: version)]), DeletedAt: null);
        state.Providers[provider] = restored;
        return Change.Made(entries.Entry(state, provider, restored, now), actor.Did(AuditAction.Restored, now, provider, number));
    }

    /// <summary>The current value of a live key, for its owner or an app; the caller audits the use.</summary>
    public (string Value, ProviderKey Key) Open(UserKeysState state, string provider)
    {
        var live = RequireLive(state, provider);
        return vault.TryOpen(state, provider, live.Current.Sealed, out var value) ? (value, live) : throw KeyKeeperException.Unreadable(provider);
    }

    public Change<string> Reveal(UserKeysState state, Actor actor, string provider)
    {
        var (value, live) = Open(state, provider);
        return Change.Made(value, actor.Did(AuditAction.Revealed, time.GetUtcNow(), provider, live.Current.Number));
    }

    public static bool Has(UserKeysState state, string provider) => Live(state, provider) is not null;

    public IReadOnlyList<(string Provider, int Version, string Value)> DueForCheck(UserKeysState state, DateTimeOffset checkedBefore, Func<string, bool> canCheck)
    {
        var due = new List<(string, int, string)>();
        foreach (var (provider, key) in state.Providers)
        {
            if (!key.IsDeleted && canCheck(provider) && !(key.CurrentCheck?.CheckedAt > checkedBefore)
                && vault.TryOpen(state, provider, key.Current.Sealed, out var value))
            {
                due.Add((provider, key.Current.Number, value));
            }
        }

        return due;
    }

    public Change<IReadOnlyList<(string Provider, KeyCheck Check)>> RecordChecks(
        UserKeysState state, Actor actor, IReadOnlyList<(string Provider, int Version, ProviderCheck Answer)> answers)
    {
        var now = time.GetUtcNow();
        var recorded = new List<(string, KeyCheck)>();
        var events = new List<Storage.AuditEvent>();
        foreach (var (provider, version, answer) in answers)
        {
            if (Live(state, provider) is not { } live || live.Current.Number != version)
            {
                continue;
            }

            var lastValid = answer.Status == KeyValidationStatus.Valid ? now : live.CurrentCheck?.LastValidAt;
            var check = new KeyCheck(version, answer.Status, now, lastValid, answer.Detail);
            state.Providers[provider] = live with { Validation = check };
            recorded.Add((provider, check));
            events.Add(actor.Did(AuditAction.Validated, now, provider, version));
        }

        return recorded.Count > 0 ? Change.Made<IReadOnlyList<(string, KeyCheck)>>(recorded, events) : Change.None<IReadOnlyList<(string, KeyCheck)>>(recorded);
    }

    /// <summary>
    /// The provider refused this version through the gateway (401 or 403): it is marked revoked as a
    /// check would mark it, and audited once, not once per refused request.
    /// </summary>
    public Change<IReadOnlyList<(string Provider, KeyCheck Check)>> RefusedByProvider(UserKeysState state, Actor actor, string provider, int version, int status) =>
        Live(state, provider) is { CurrentCheck.Status: KeyValidationStatus.Revoked } live && live.Current.Number == version
            ? Change.None<IReadOnlyList<(string, KeyCheck)>>([])
            : RecordChecks(state, actor, [(provider, version, new ProviderCheck(KeyValidationStatus.Revoked, $"HTTP {status} to a request through the gateway"))]);

    public Change<int> PurgeExpired(UserKeysState state)
    {
        var now = time.GetUtcNow();
        var expired = state.Providers.Where(pair => pair.Value.DeletedAt + lifecycle.DeletedRetention <= now).ToList();
        foreach (var (provider, _) in expired)
        {
            state.Providers.Remove(provider);
        }

        return expired.Count == 0 ? Change.None(0)
            : Change.Made(expired.Count, [.. expired.Select(pair => Actor.Service.Did(AuditAction.Purged, now, pair.Key, pair.Value.Current.Number))]);
    }

    public IReadOnlyList<Storage.AuditEvent> Import(UserKeysState state, IReadOnlyDictionary<string, string> values)
    {
        var now = time.GetUtcNow();
        var events = new List<Storage.AuditEvent>();
        foreach (var (provider, value) in values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            state.Providers[provider] = new ProviderKey([new KeyVersion(1, vault.Seal(state, provider, value), now, RestoredFrom: null)], DeletedAt: null);
            events.Add(Actor.Service.Did(AuditAction.Imported, now, provider, 1));
        }

        return events;
    }

    public static KeyKeeperException NoSuchKey(string provider) => KeyKeeperException.NotFound($"There is no {provider} key.");

    private ProviderKey RequireLive(UserKeysState state, string provider) => Live(state, provider) ?? throw NoSuchKey(provider);

    private static ProviderKey? Live(UserKeysState state, string provider) =>
        state.Providers.TryGetValue(provider, out var key) && !key.IsDeleted ? key : null;

    private static void RequirePrecondition(VersionPrecondition? ifMatch, ProviderKey? live)
    {
        if (ifMatch is not null && !ifMatch.IsMetBy(live?.Current.Number))
        {
            throw KeyKeeperException.VersionMismatch(live?.Current.Number);
        }
    }

    private List<KeyVersion> KeepLatest(List<KeyVersion> versions) =>
        versions.Count <= lifecycle.VersionsKept ? versions : versions[^lifecycle.VersionsKept..];

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
