using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Storage;

namespace KeyKeeper.Silo.Grains;

/// <summary>
/// One user's account, sessions and encrypted keys. Every change is written through to
/// PostgreSQL before the call returns; a change whose write fails is undone in memory too, so
/// nothing unsaved is ever shown as saved.
/// </summary>
public sealed partial class UserKeysGrain(
    [PersistentState(UserKeysGrain.StateName, UserKeysGrain.StorageName)] IPersistentState<UserKeysState> state,
    KeyProtector protector,
    IPasswordHasher<UserAccount> passwordHasher,
    IOptions<BearerTokenOptions> bearerTokens,
    TimeProvider time,
    ILogger<UserKeysGrain> logger) : Grain, IUserKeysGrain
{
    /// <summary>The state name is part of every row's key: never rename it.</summary>
    public const string StateName = "user-keys";

    public const string StorageName = "keys-store";

    // Hashed once, so that a login for an unknown user costs as much as one for a known user.
    private static readonly Lazy<string> UnknownUserHash = new(() =>
        new PasswordHasher<UserAccount>().HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    // Built from the current state on the first read after a change; null means "rebuild".
    private IReadOnlyList<KeyEntry>? _maskedKeys;

    private string UserName => UserKeysGrainKey.UserNameOf(this.GetPrimaryKeyString());

    public async Task<bool> SignUpAsync(string password, string? email)
    {
        if (state.State.Account is not null)
        {
            return false;
        }

        if (!Password.TryValidate(password, out var error))
        {
            throw new ArgumentException(error, nameof(password));
        }

        var hash = passwordHasher.HashPassword(null!, password);
        await ChangeAsync(s => s.Account = new UserAccount(UserName, email, hash, time.GetUtcNow()));
        LogSignedUp(UserName);
        return true;
    }

    public async Task<IssuedToken?> LoginAsync(string password)
    {
        var account = state.State.Account;
        var result = passwordHasher.VerifyHashedPassword(account!, account?.PasswordHash ?? UnknownUserHash.Value, password ?? string.Empty);
        if (account is null || result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var (token, secret) = AccessToken.Create(UserName);
        var session = new UserSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), now, now + bearerTokens.Value.TokenLifetime);
        var rehash = result == PasswordVerificationResult.SuccessRehashNeeded ? passwordHasher.HashPassword(account, password!) : null;

        await ChangeAsync(s =>
        {
            RemoveExpiredSessions(s, now);
            while (s.Sessions.Count >= bearerTokens.Value.MaxSessionsPerUser)
            {
                s.Sessions.Remove(s.Sessions.MinBy(pair => pair.Value.CreatedAt).Key);
            }

            s.Sessions[AccessToken.HashSecret(secret)] = session;
            if (rehash is not null)
            {
                s.Account = account with { PasswordHash = rehash };
            }
        });

        return new IssuedToken(token, session.ExpiresAt, session.Id);
    }

    public async Task LogoutAsync(string tokenSecret)
    {
        RequireSession(tokenSecret);
        var tokenHash = AccessToken.HashSecret(tokenSecret);
        await ChangeAsync(s => s.Sessions.Remove(tokenHash));
    }

    public Task<IReadOnlyList<KeyEntry>> ListKeysAsync(string tokenSecret)
    {
        RequireSession(tokenSecret);
        // Masking decrypts every key, so the list is built once per change, not once per read.
        _maskedKeys ??= [.. state.State.Keys
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => ToEntry(pair.Key, pair.Value))];
        return Task.FromResult(_maskedKeys);
    }

    public async Task<KeyEntry> SaveKeyAsync(string tokenSecret, string provider, string value)
    {
        RequireSession(tokenSecret);
        if (!ProviderName.IsValid(provider))
        {
            throw new ArgumentException(ProviderName.Rule, nameof(provider));
        }

        if (!KeyValue.TryNormalize(value, out var normalized, out var error))
        {
            throw new ArgumentException(error, nameof(value));
        }

        var existing = state.State.Keys.GetValueOrDefault(provider);
        if (existing is not null && TryDecrypt(provider, existing, out var current) && FixedTimeEquals(current, normalized))
        {
            // Saving the same value again (a retry, a double click) is a success that changes nothing.
            return ToEntry(provider, existing);
        }

        var now = time.GetUtcNow();
        var stored = new StoredKey(protector.Protect(normalized, UserName, provider), existing?.CreatedAt ?? now, now);
        await ChangeAsync(s => s.Keys[provider] = stored);
        LogKeySaved(UserName, provider, stored.Value.KeyId);
        return new KeyEntry(provider, KeyMask.Mask(normalized), stored.UpdatedAt, Readable: true);
    }

    public async Task<bool> DeleteKeyAsync(string tokenSecret, string provider)
    {
        RequireSession(tokenSecret);
        if (!state.State.Keys.ContainsKey(provider))
        {
            return false;
        }

        await ChangeAsync(s => s.Keys.Remove(provider));
        LogKeyDeleted(UserName, provider);
        return true;
    }

    public Task<RevealedKey> RevealKeyAsync(string tokenSecret, string provider)
    {
        RequireSession(tokenSecret);
        if (!state.State.Keys.TryGetValue(provider, out var stored))
        {
            return Task.FromResult(new RevealedKey(RevealStatus.NotFound, null));
        }

        return Task.FromResult(TryDecrypt(provider, stored, out var value)
            ? new RevealedKey(RevealStatus.Revealed, value)
            : new RevealedKey(RevealStatus.Unreadable, null));
    }

    /// <summary>
    /// Applies a change and writes it through. On failure the previous state is put back, so the
    /// grain never shows what the database does not hold. Two failures are worth another try,
    /// because the write is a compare-and-swap and cannot apply twice: a dropped pooled
    /// connection (after a database restart), and a version conflict, which means the row moved
    /// on without us (a write that committed after reporting an error, or another activation) —
    /// then the grain re-reads the row and applies the change on top of it.
    /// </summary>
    private async Task ChangeAsync(Action<UserKeysState> change)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var before = state.State.Snapshot();
            change(state.State);
            _maskedKeys = null;
            try
            {
                await state.WriteStateAsync();
                return;
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

    private async Task<bool> TryReloadAsync()
    {
        var before = state.State;
        try
        {
            await state.ReadStateAsync();
            _maskedKeys = null;
            return true;
        }
        catch (Exception e)
        {
            state.State = before;
            LogReloadFailed(e, UserName);
            return false;
        }
    }

    private KeyEntry ToEntry(string provider, StoredKey stored) =>
        TryDecrypt(provider, stored, out var value)
            ? new KeyEntry(provider, KeyMask.Mask(value), stored.UpdatedAt, Readable: true)
            : new KeyEntry(provider, null, stored.UpdatedAt, Readable: false);

    private bool TryDecrypt(string provider, StoredKey stored, out string value)
    {
        if (protector.TryUnprotect(stored.Value, UserName, provider, out value))
        {
            return true;
        }

        LogUnreadable(UserName, provider, stored.Value.KeyId);
        return false;
    }

    private void RequireSession(string tokenSecret)
    {
        if (tokenSecret is null
            || !state.State.Sessions.TryGetValue(AccessToken.HashSecret(tokenSecret), out var session)
            || session.ExpiresAt <= time.GetUtcNow())
        {
            throw new SessionRejectedException();
        }
    }

    private static void RemoveExpiredSessions(UserKeysState s, DateTimeOffset now)
    {
        foreach (var (hash, _) in s.Sessions.Where(pair => pair.Value.ExpiresAt <= now).ToList())
        {
            s.Sessions.Remove(hash);
        }
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    [LoggerMessage(LogLevel.Information, "User {UserName} signed up.")]
    private partial void LogSignedUp(string userName);

    [LoggerMessage(LogLevel.Debug, "User {UserName} saved the {Provider} key (encrypted under {KeyId}).")]
    private partial void LogKeySaved(string userName, string provider, string keyId);

    [LoggerMessage(LogLevel.Information, "User {UserName} deleted the {Provider} key.")]
    private partial void LogKeyDeleted(string userName, string provider);

    [LoggerMessage(LogLevel.Error, "Saving the state of user {UserName} failed; the change was undone.")]
    private partial void LogWriteFailed(Exception exception, string userName);

    [LoggerMessage(LogLevel.Error, "Re-reading the state of user {UserName} after a version conflict failed.")]
    private partial void LogReloadFailed(Exception exception, string userName);

    [LoggerMessage(LogLevel.Error, "The {Provider} key of user {UserName} does not decrypt under key-encryption key {KeyId}.")]
    private partial void LogUnreadable(string userName, string provider, string keyId);
}
