using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Legacy;
using KeyKeeper.Silo.Maintenance;

namespace KeyKeeper.Silo.Users;

/// <summary>What the service runs on a user by itself: purges, re-wrapping, periodic checks, and the legacy import.</summary>
public sealed partial class UserKeysGrain
{
    public Task<int> PurgeExpiredAsync() => ChangeAsync(_user.Keys.PurgeExpired);

    public async Task<RewrapOutcome> RewrapAsync()
    {
        var from = State.DataKey?.KeyId;
        var outcome = await ChangeAsync(s => _user.Vault.Rewrap(s) is var result && result == RewrapOutcome.Rewrapped ? Change.Made(result) : Change.None(result));
        if (outcome == RewrapOutcome.Rewrapped)
        {
            LogRewrapped(UserName, from!, State.DataKey!.KeyId);
        }

        return outcome;
    }

    public async Task<int> ValidateDueKeysAsync(DateTimeOffset checkedBefore)
    {
        var due = _user.Keys.DueForCheck(State, checkedBefore, validator.CanCheck);
        if (due.Count == 0)
        {
            return 0;
        }

        // One user's providers are different hosts: ask them together, so the turn lasts one timeout at most.
        var answers = await Task.WhenAll(due.Select(key => validator.CheckAsync(key.Provider, key.Value, CancellationToken.None)));
        var recorded = await ChangeAsync(s => _user.Keys.RecordChecks(s, Actor.Service, [.. due.Select((key, i) => (key.Provider, key.Version, answers[i]))]));
        foreach (var (provider, check) in recorded)
        {
            LogKeyValidated(UserName, provider, check.Version, check.Status, check.Detail ?? string.Empty);
        }

        return recorded.Count;
    }

    public async Task<ImportOutcome> ImportLegacyUserAsync(LegacyUserImport user)
    {
        var outcome = await ChangeAsync(s =>
        {
            if (s.Account is not null)
            {
                return Change.None(ImportOutcome.AlreadyExists);
            }

            s.Account = new Accounts.UserAccount(user.DisplayName, user.Email, Accounts.LegacyAwarePasswordHasher.LegacyHash(user.LegacyPasswordSha256), user.CreatedAt);
            if (user.TotpSecret is { } secret)
            {
                s.TwoFactor = _user.TwoFactor.Imported(s, secret);
            }

            return Change.Made(ImportOutcome.Imported, [Actor.Service.Did(AuditAction.Imported, Now), .. _user.Keys.Import(s, user.Keys)]);
        });

        if (outcome == ImportOutcome.Imported)
        {
            LogImported(UserName, user.Keys.Count, user.TotpSecret is not null);
        }

        return outcome;
    }

    [LoggerMessage(LogLevel.Information, "The data key of user {UserName} was re-wrapped from key-encryption key {OldKeyId} to {NewKeyId}.")]
    private partial void LogRewrapped(string userName, string oldKeyId, string newKeyId);

    [LoggerMessage(LogLevel.Information, "User {UserName} was imported from the legacy app with {KeyCount} keys (2FA: {TwoFactor}).")]
    private partial void LogImported(string userName, int keyCount, bool twoFactor);
}
