using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Validation;

namespace KeyKeeper.Silo.Users;

/// <summary>The key-ring role (rules in <see cref="Keys.KeyRing"/>); reveals and checks are audited before their answer leaves the grain.</summary>
public sealed partial class UserKeysGrain
{
    public Task<IReadOnlyList<KeyEntry>> ListKeysAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        return Task.FromResult(_user.Keys.Entries.List(State));
    }

    public Task<KeyRingView> GetKeyRingAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        return Task.FromResult(_user.Keys.View(State));
    }

    public Task<KeyEntry> GetKeyAsync(CallerCredentials caller, string provider)
    {
        RequireSession(caller);
        return Task.FromResult(_user.Keys.Get(State, provider));
    }

    public async Task<KeyEntry> SaveKeyAsync(CallerCredentials caller, string provider, string value, VersionPrecondition? ifMatch)
    {
        var actor = RequireActor(caller);
        var entry = await ChangeAsync(s => _user.Keys.Save(s, actor, provider, value, ifMatch));
        LogKeySaved(UserName, provider, entry.Version);
        return entry;
    }

    public async Task DeleteKeyAsync(CallerCredentials caller, string provider, VersionPrecondition? ifMatch, bool purge)
    {
        var actor = RequireActor(caller);
        await ChangeAsync(s => _user.Keys.Delete(s, actor, provider, ifMatch, purge));
        LogKeyDeleted(UserName, provider, purge);
    }

    public Task<KeyEntry> UndeleteKeyAsync(CallerCredentials caller, string provider)
    {
        var actor = RequireActor(caller);
        return ChangeAsync(s => _user.Keys.Undelete(s, actor, provider));
    }

    public Task<IReadOnlyList<DeletedKey>> ListDeletedKeysAsync(CallerCredentials caller)
    {
        RequireSession(caller);
        return Task.FromResult(_user.Keys.Entries.Deleted(State));
    }

    public Task<IReadOnlyList<KeyVersionInfo>> ListVersionsAsync(CallerCredentials caller, string provider)
    {
        RequireSession(caller);
        return Task.FromResult(_user.Keys.Versions(State, provider));
    }

    public Task<KeyEntry> RestoreVersionAsync(CallerCredentials caller, string provider, int version, VersionPrecondition? ifMatch)
    {
        var actor = RequireActor(caller);
        return ChangeAsync(s => _user.Keys.Restore(s, actor, provider, version, ifMatch));
    }

    public Task<string> RevealKeyAsync(CallerCredentials caller, string provider)
    {
        var actor = RequireActor(caller);
        return AuditedReadAsync(_user.Keys.Reveal(State, actor, provider));
    }

    /// <summary>The provider is asked inside the grain's turn: simple and race-free, and bounded by <see cref="ProviderValidator"/>'s short timeout.</summary>
    public async Task<KeyValidation> ValidateKeyAsync(CallerCredentials caller, string provider)
    {
        var actor = RequireActor(caller);
        var (value, live) = _user.Keys.Open(State, provider);
        if (!validator.CanCheck(provider))
        {
            return new KeyValidation(KeyValidationStatus.NotCheckable, Now, null, $"No check endpoint is known for {provider}.");
        }

        var answer = await validator.CheckAsync(provider, value, CancellationToken.None);
        var recorded = await ChangeAsync(s => _user.Keys.RecordChecks(s, actor, [(provider, live.Current.Number, answer)]));
        LogKeyValidated(UserName, provider, live.Current.Number, answer.Status, answer.Detail);
        return recorded is [var check] ? check.Check.ToValidation()
            // Replaced while the provider was asked (only possible after a reload): the answer was not recorded.
            : new KeyValidation(answer.Status, Now, null, answer.Detail);
    }

    [LoggerMessage(LogLevel.Debug, "User {UserName} saved version {Version} of the {Provider} key.")]
    private partial void LogKeySaved(string userName, string provider, int version);

    [LoggerMessage(LogLevel.Information, "User {UserName} deleted the {Provider} key (purged: {Purged}).")]
    private partial void LogKeyDeleted(string userName, string provider, bool purged);

    [LoggerMessage(LogLevel.Information, "Checked version {Version} of the {Provider} key of user {UserName} with the provider: {Status} ({Detail}).")]
    private partial void LogKeyValidated(string userName, string provider, int version, KeyValidationStatus status, string detail);
}
