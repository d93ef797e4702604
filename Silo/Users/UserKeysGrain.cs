using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Telemetry;
using KeyKeeper.Silo.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Storage;

namespace KeyKeeper.Silo.Grains;

/// <summary>
/// One user's account, sessions and encrypted keys with their versions (the account, 2FA and app
/// tokens are in the other parts of this class). Every change — and its
/// audit record, in the same row write — is written through to PostgreSQL before the call
/// returns; a change whose write fails is undone in memory too, so nothing unsaved is ever shown
/// as saved.
/// </summary>
public sealed partial class UserKeysGrain(
    [PersistentState(UserKeysGrain.StateName, UserKeysGrain.StorageName)] IPersistentState<UserKeysState> state,
    KeyProtector protector,
    AuditLog auditLog,
    IPasswordHasher<UserAccount> passwordHasher,
    IOptions<BearerTokenOptions> bearerTokens,
    IOptions<KeyLifecycleOptions> lifecycle,
    IOptions<AccountSecurityOptions> accountSecurity,
    DeploymentKeys deploymentKeys,
    ProviderValidator validator,
    TimeProvider time,
    ILogger<UserKeysGrain> logger) : Grain, IUserKeysGrain, IUserKeysMaintenance
{
    /// <summary>The state name is part of every row's key: never rename it.</summary>
    public const string StateName = "user-keys";

    public const string StorageName = "keys-store";

    // Masking decrypts, so each provider's mask is kept for its current version; cleared on every write.
    private readonly Dictionary<string, (int Version, string? Masked)> _masks = new(StringComparer.Ordinal);

    // The list as last built, until a write or until an entry's age or rotation flag changes: reads are the hot path.
    private (IReadOnlyList<KeyEntry> Entries, DateTimeOffset ValidUntil)? _list;

    // The unwrapped data key and the wrapped form it came from (a reload may bring another).
    private byte[]? _dataKey;
    private ProtectedValue? _dataKeySource;

    private string UserName => UserKeysGrainKey.UserNameOf(this.GetPrimaryKeyString());

    private KeyLifecycleOptions Lifecycle => lifecycle.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        KeyKeeperMetrics.UserGrainActivated();
        if (state.State.Keys.Count > 0)
        {
            await MoveUnversionedKeysAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        KeyKeeperMetrics.UserGrainDeactivated();
        ForgetDataKey();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<KeyEntry>> ListKeysAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        var now = time.GetUtcNow();
        if (_list is not { } list || now >= list.ValidUntil)
        {
            var live = state.State.Providers
                .Where(pair => !pair.Value.IsDeleted)
                .Select(pair => ToEntry(pair.Key, pair.Value, now));
            var unversioned = state.State.Keys.Select(pair => UnreadableUnversioned(pair.Key, pair.Value, now));
            IReadOnlyList<KeyEntry> entries = [.. live.Concat(unversioned).OrderBy(entry => entry.Provider, StringComparer.Ordinal)];
            _list = list = (entries, entries.Select(entry => NextAgeChange(entry, now)).DefaultIfEmpty(DateTimeOffset.MaxValue).Min());
        }

        return Task.FromResult(list.Entries);
    }

    public Task<KeyEntry?> GetKeyAsync(CallerCredentials caller, string provider)
    {
        RequireSession(caller);
        var now = time.GetUtcNow();
        var entry = LiveKey(state.State, provider) is { } live ? ToEntry(provider, live, now)
            : state.State.Keys.TryGetValue(provider, out var unversioned) ? UnreadableUnversioned(provider, unversioned, now)
            : null;
        return Task.FromResult(entry);
    }

    public async Task<KeyEntry> SaveKeyAsync(CallerCredentials caller, string provider, string value, VersionPrecondition? ifMatch)
    {
        var session = RequireSession(caller);
        if (!ProviderName.IsValid(provider))
        {
            throw new ArgumentException(ProviderName.Rule, nameof(provider));
        }

        if (!KeyValue.TryNormalizeFor(provider, value, out var normalized, out var error))
        {
            throw new ArgumentException(error, nameof(value));
        }

        var entry = await ChangeAsync(s =>
        {
            var now = time.GetUtcNow();
            var existing = s.Providers.GetValueOrDefault(provider);
            var live = LiveKey(s, provider);
            RequirePrecondition(ifMatch, live);
            if (live is not null && TryOpen(s, provider, live.Current, out var current) && FixedTimeEquals(current, normalized))
            {
                // Saving the value already in use (a retry, a double click) is a success that changes nothing.
                return Unchanged(ToEntry(provider, live, now));
            }

            var number = (existing?.Current.Number ?? 0) + 1;
            var version = new KeyVersion(number, KeyProtector.Seal(EnsureDataKey(s), normalized, UserName, provider), now, RestoredFrom: null);
            s.Providers[provider] = new ProviderKey(KeepLatest([.. existing?.Versions ?? [], version]), DeletedAt: null);
            s.Keys.Remove(provider);
            var action = live is null ? KeyAction.Created : KeyAction.Updated;
            return Changed(
                new KeyEntry(provider, KeyMask.Mask(normalized), number, now, AgeDays: 0, RotationDue: false, Readable: true),
                Audit(session, caller, provider, action, number));
        });
        LogKeySaved(UserName, provider, entry.Version);
        return entry;
    }

    public async Task<bool> DeleteKeyAsync(CallerCredentials caller, string provider, VersionPrecondition? ifMatch, bool purge)
    {
        var session = RequireSession(caller);
        var deleted = await ChangeAsync(s =>
        {
            var existing = s.Providers.GetValueOrDefault(provider);
            var live = LiveKey(s, provider);
            var unversioned = s.Keys.ContainsKey(provider);
            if (existing is null && !unversioned)
            {
                return Unchanged(false);
            }

            RequirePrecondition(ifMatch, live);
            if (purge || live is null)
            {
                if (!purge && !unversioned)
                {
                    return Unchanged(false);
                }

                s.Providers.Remove(provider);
                s.Keys.Remove(provider);
                return Changed(true, Audit(session, caller, provider, purge ? KeyAction.Purged : KeyAction.Deleted, existing?.Current.Number));
            }

            s.Providers[provider] = live with { DeletedAt = time.GetUtcNow() };
            return Changed(true, Audit(session, caller, provider, KeyAction.Deleted, live.Current.Number));
        });

        if (deleted)
        {
            LogKeyDeleted(UserName, provider, purge);
        }

        return deleted;
    }

    public Task<KeyEntry?> UndeleteKeyAsync(CallerCredentials caller, string provider)
    {
        var session = RequireSession(caller);
        return ChangeAsync(s =>
        {
            var now = time.GetUtcNow();
            if (!s.Providers.TryGetValue(provider, out var existing) || existing.DeletedAt is not { } deletedAt
                || deletedAt + Lifecycle.DeletedRetention <= now)
            {
                return Unchanged<KeyEntry?>(null);
            }

            var restored = existing with { DeletedAt = null };
            s.Providers[provider] = restored;
            return Changed<KeyEntry?>(ToEntry(provider, restored, now), Audit(session, caller, provider, KeyAction.Undeleted, restored.Current.Number));
        });
    }

    public Task<IReadOnlyList<DeletedKey>> ListDeletedKeysAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        // Keys past their window are gone for the user even before the sweep purges them.
        var cutoff = time.GetUtcNow() - Lifecycle.DeletedRetention;
        IReadOnlyList<DeletedKey> deleted = [.. state.State.Providers
            .Where(pair => pair.Value.DeletedAt > cutoff)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new DeletedKey(pair.Key, pair.Value.Current.Number, pair.Value.DeletedAt!.Value, pair.Value.DeletedAt.Value + Lifecycle.DeletedRetention))];
        return Task.FromResult(deleted);
    }

    public Task<IReadOnlyList<KeyVersionInfo>?> ListVersionsAsync(CallerCredentials caller, string provider)
    {
        RequireSession(caller);
        if (!state.State.Providers.TryGetValue(provider, out var existing))
        {
            return Task.FromResult<IReadOnlyList<KeyVersionInfo>?>(null);
        }

        var current = existing.IsDeleted ? null : existing.Current;
        IReadOnlyList<KeyVersionInfo> versions = [.. existing.Versions.Reverse().Select(version => new KeyVersionInfo(
            version.Number,
            TryOpen(state.State, provider, version, out var value) ? KeyMask.Mask(value) : null,
            version.SavedAt,
            version.RestoredFrom,
            Current: version == current))];
        return Task.FromResult<IReadOnlyList<KeyVersionInfo>?>(versions);
    }

    public Task<KeyEntry?> RestoreVersionAsync(CallerCredentials caller, string provider, int version, VersionPrecondition? ifMatch)
    {
        var session = RequireSession(caller);
        return ChangeAsync(s =>
        {
            var kept = s.Providers.GetValueOrDefault(provider)?.Versions.FirstOrDefault(v => v.Number == version);
            if (kept is null)
            {
                return Unchanged<KeyEntry?>(null);
            }

            var existing = s.Providers[provider];
            RequirePrecondition(ifMatch, LiveKey(s, provider));
            var now = time.GetUtcNow();
            var number = existing.Current.Number + 1;

            // The sealed bytes are bound to this user and provider only, so the old version's
            // ciphertext is the new version's too: nothing is decrypted to restore it.
            var restoredVersion = new KeyVersion(number, kept.Sealed, now, RestoredFrom: version);
            var restored = new ProviderKey(KeepLatest([.. existing.Versions, restoredVersion]), DeletedAt: null);
            s.Providers[provider] = restored;
            return Changed<KeyEntry?>(ToEntry(provider, restored, now), Audit(session, caller, provider, KeyAction.Restored, number));
        });
    }

    public async Task<RevealedKey> RevealKeyAsync(CallerCredentials caller, string provider)
    {
        var session = RequireSession(caller);
        var live = LiveKey(state.State, provider);
        if (live is null)
        {
            return new RevealedKey(state.State.Keys.ContainsKey(provider) ? RevealStatus.Unreadable : RevealStatus.NotFound, null);
        }

        if (!TryOpen(state.State, provider, live.Current, out var value))
        {
            return new RevealedKey(RevealStatus.Unreadable, null);
        }

        // Audited durably before the value leaves the grain: no record, no value.
        await ChangeAsync(_ => Changed(true, Audit(session, caller, provider, KeyAction.Revealed, live.Current.Number)));
        return new RevealedKey(RevealStatus.Revealed, value);
    }

    public Task<AuditPage> GetAuditAsync(CallerCredentials caller, AuditQuery query)
    {
        RequireSession(caller);
        return auditLog.QueryAsync(UserName, query);
    }

    public Task<int> PurgeExpiredAsync()
    {
        var cutoff = time.GetUtcNow() - Lifecycle.DeletedRetention;
        if (!state.State.Providers.Values.Any(key => key.DeletedAt <= cutoff))
        {
            return Task.FromResult(0);
        }

        return ChangeAsync(s =>
        {
            var expired = s.Providers.Where(pair => pair.Value.DeletedAt <= cutoff).ToList();
            foreach (var (provider, _) in expired)
            {
                s.Providers.Remove(provider);
            }

            return Changed(expired.Count, [.. expired.Select(pair => Audit(null, null, pair.Key, KeyAction.Purged, pair.Value.Current.Number))]);
        });
    }

    public async Task<RewrapOutcome> RewrapAsync()
    {
        if (state.State.Keys.Count > 0)
        {
            // Values from before data keys that still do not decrypt: they keep naming their old key.
            return RewrapOutcome.Unreadable;
        }

        if (state.State.DataKey is not { } wrapped || wrapped.KeyId == protector.ActiveKeyId)
        {
            return RewrapOutcome.AlreadyCurrent;
        }

        if (!TryGetDataKey(state.State, out var dataKey))
        {
            return RewrapOutcome.Unreadable;
        }

        await ChangeAsync(s =>
        {
            s.DataKey = protector.WrapDataKey(dataKey, UserName);
            return Changed(true);
        });
        LogRewrapped(UserName, wrapped.KeyId, protector.ActiveKeyId);
        return RewrapOutcome.Rewrapped;
    }

    /// <summary>
    /// Keys saved before versions and data keys existed become version 1 under the user's data
    /// key, in one write. A value that does not decrypt stays where it is, listed as unreadable.
    /// </summary>
    private async Task MoveUnversionedKeysAsync()
    {
        var moved = await ChangeAsync(s =>
        {
            var count = 0;
            foreach (var (provider, stored) in s.Keys.ToList())
            {
                if (!protector.TryUnprotect(stored.Value, UserName, provider, out var value))
                {
                    LogUnreadable(UserName, provider, stored.Value.KeyId);
                    continue;
                }

                var version = new KeyVersion(1, KeyProtector.Seal(EnsureDataKey(s), value, UserName, provider), stored.UpdatedAt, RestoredFrom: null);
                s.Providers[provider] = new ProviderKey([version], DeletedAt: null);
                s.Keys.Remove(provider);
                count++;
            }

            return count > 0 ? Changed(count) : Unchanged(0);
        });

        if (moved > 0)
        {
            LogMovedToVersions(UserName, moved);
        }
    }

    /// <summary>
    /// Applies a change and writes it through, with its audit records. On failure the previous
    /// state is put back, so the grain never shows what the database does not hold. Two failures
    /// are worth another try, because the write is a compare-and-swap and cannot apply twice: a
    /// dropped pooled connection (after a database restart), and a version conflict, which means
    /// the row moved on without us (a write that committed after reporting an error, or another
    /// activation) — then the grain re-reads the row and applies the change on top of it, checking
    /// any precondition again.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<UserKeysState, Outcome<T>> change)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var before = state.State.Snapshot();
            Outcome<T> outcome;
            try
            {
                outcome = change(state.State);
            }
            catch
            {
                state.State = before;
                throw;
            }

            if (outcome.Audit is null)
            {
                state.State = before;
                return outcome.Result;
            }

            state.State.PendingAudit = outcome.Audit;
            _masks.Clear();
            _list = null;
            try
            {
                await state.WriteStateAsync();
                return outcome.Result;
            }
            catch (Exception e)
            {
                state.State = before;
                var retry = attempt < attempts && e switch
                {
                    InconsistentStateException => await TryReloadAsync(),
                    NpgsqlException { IsTransient: true } => true,
                    _ => false,
                };
                if (retry)
                {
                    continue;
                }

                LogWriteFailed(e, UserName);
                throw new KeyStoreUnavailableException("The change could not be saved because the key store is unavailable. Nothing was changed; please try again.");
            }
        }
    }

    private static Outcome<T> Changed<T>(T result, params AuditRecord[] audit) => new(result, audit);

    private static Outcome<T> Unchanged<T>(T result) => new(result, null);

    private async Task<bool> TryReloadAsync()
    {
        var before = state.State;
        try
        {
            await state.ReadStateAsync();
            _masks.Clear();
            _list = null;
            ForgetDataKey();
            return true;
        }
        catch (Exception e)
        {
            state.State = before;
            LogReloadFailed(e, UserName);
            return false;
        }
    }

    private UserSession RequireSession(CallerCredentials caller)
    {
        if (caller?.TokenSecret is not { } secret
            || !state.State.Sessions.TryGetValue(AccessToken.HashSecret(secret), out var session)
            || session.ExpiresAt <= time.GetUtcNow())
        {
            throw new SessionRejectedException();
        }

        return session;
    }

    private static void RequirePrecondition(VersionPrecondition? ifMatch, ProviderKey? live)
    {
        if (ifMatch is not null && !ifMatch.IsMetBy(live?.Current.Number))
        {
            throw new KeyVersionMismatchException(live?.Current.Number);
        }
    }

    private static ProviderKey? LiveKey(UserKeysState s, string provider) =>
        s.Providers.TryGetValue(provider, out var key) && !key.IsDeleted ? key : null;

    private AuditRecord Audit(UserSession? session, CallerCredentials? caller, string provider, string action, int? version) =>
        new(Guid.NewGuid(), provider, action, version, time.GetUtcNow(), session?.Id, caller?.ClientAddress);

    private List<KeyVersion> KeepLatest(List<KeyVersion> versions)
    {
        var kept = Math.Max(1, Lifecycle.VersionsKept);
        return versions.Count <= kept ? versions : versions[^kept..];
    }

    private KeyEntry ToEntry(string provider, ProviderKey key, DateTimeOffset now)
    {
        var current = key.Current;
        if (!_masks.TryGetValue(provider, out var mask) || mask.Version != current.Number)
        {
            mask = (current.Number, TryOpen(state.State, provider, current, out var value) ? KeyMask.Mask(value) : null);
            _masks[provider] = mask;
        }

        var age = now - current.SavedAt;
        return new KeyEntry(provider, mask.Masked, current.Number, current.SavedAt, (int)Math.Max(0, age.TotalDays),
            age >= Lifecycle.RotationDueAfter, Readable: mask.Masked is not null, key.CurrentCheck?.ToValidation());
    }

    /// <summary>When an entry's whole days of age, or its rotation flag, next change.</summary>
    private DateTimeOffset NextAgeChange(KeyEntry entry, DateTimeOffset now)
    {
        var nextDay = entry.UpdatedAt + TimeSpan.FromDays(entry.AgeDays + 1);
        var rotationDue = entry.UpdatedAt + Lifecycle.RotationDueAfter;
        return rotationDue > now && rotationDue < nextDay ? rotationDue : nextDay;
    }

    private KeyEntry UnreadableUnversioned(string provider, StoredKey stored, DateTimeOffset now)
    {
        var age = now - stored.UpdatedAt;
        return new KeyEntry(provider, null, 0, stored.UpdatedAt, (int)Math.Max(0, age.TotalDays), age >= Lifecycle.RotationDueAfter, Readable: false);
    }

    private bool TryOpen(UserKeysState s, string provider, KeyVersion version, out string value)
    {
        value = string.Empty;
        if (TryGetDataKey(s, out var dataKey) && KeyProtector.TryOpen(dataKey, version.Sealed, UserName, provider, out value))
        {
            return true;
        }

        KeyKeeperMetrics.KeyDecryptFailed();
        LogUnreadable(UserName, provider, s.DataKey?.KeyId ?? "(none)");
        return false;
    }

    private bool TryGetDataKey(UserKeysState s, [NotNullWhen(true)] out byte[]? dataKey)
    {
        if (_dataKey is not null && ReferenceEquals(_dataKeySource, s.DataKey))
        {
            dataKey = _dataKey;
            return true;
        }

        ForgetDataKey();
        if (s.DataKey is null || !protector.TryUnwrapDataKey(s.DataKey, UserName, out dataKey))
        {
            dataKey = null;
            return false;
        }

        (_dataKey, _dataKeySource) = (dataKey, s.DataKey);
        return true;
    }

    /// <summary>The data key to seal new values with; the first one is made (and wrapped into the state) on first use.</summary>
    private byte[] EnsureDataKey(UserKeysState s)
    {
        if (TryGetDataKey(s, out var dataKey))
        {
            return dataKey;
        }

        if (s.DataKey is not null)
        {
            // Never replace a data key that exists but does not unwrap: the right KEK may come back.
            throw new KeyStoreUnavailableException("The stored keys cannot be decrypted with the configured key-encryption keys, so nothing can be saved. Nothing was changed.");
        }

        dataKey = KeyProtector.NewDataKey();
        s.DataKey = protector.WrapDataKey(dataKey, UserName);
        (_dataKey, _dataKeySource) = (dataKey, s.DataKey);
        return dataKey;
    }

    private void ForgetDataKey()
    {
        if (_dataKey is not null)
        {
            CryptographicOperations.ZeroMemory(_dataKey);
        }

        (_dataKey, _dataKeySource) = (null, null);
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>What a change returns, and its audit records; null audit means nothing changed and nothing is written.</summary>
    private readonly record struct Outcome<T>(T Result, AuditRecord[]? Audit);

    [LoggerMessage(LogLevel.Debug, "User {UserName} saved version {Version} of the {Provider} key.")]
    private partial void LogKeySaved(string userName, string provider, int version);

    [LoggerMessage(LogLevel.Information, "User {UserName} deleted the {Provider} key (purged: {Purged}).")]
    private partial void LogKeyDeleted(string userName, string provider, bool purged);

    [LoggerMessage(LogLevel.Information, "The data key of user {UserName} was re-wrapped from key-encryption key {OldKeyId} to {NewKeyId}.")]
    private partial void LogRewrapped(string userName, string oldKeyId, string newKeyId);

    [LoggerMessage(LogLevel.Information, "{Count} keys of user {UserName} saved before versions existed are now version 1 under the user's data key.")]
    private partial void LogMovedToVersions(string userName, int count);

    [LoggerMessage(LogLevel.Error, "Saving the state of user {UserName} failed; the change was undone.")]
    private partial void LogWriteFailed(Exception exception, string userName);

    [LoggerMessage(LogLevel.Error, "Re-reading the state of user {UserName} after a version conflict failed.")]
    private partial void LogReloadFailed(Exception exception, string userName);

    [LoggerMessage(LogLevel.Error, "The {Provider} key of user {UserName} does not decrypt (key-encryption key {KeyId}).")]
    private partial void LogUnreadable(string userName, string provider, string keyId);
}
