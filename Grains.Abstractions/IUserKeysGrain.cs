namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// One user's account and API keys, keyed by <see cref="UserKeysGrainKey"/> (never by the bare username).
/// Every change (and every reveal, which is audited) is durable in PostgreSQL before the call
/// returns. Calls on the user's keys carry the caller's <see cref="CallerCredentials"/> and throw
/// <see cref="SessionRejectedException"/> when the token is not a live session: checking it inside
/// the call costs no extra hop and leaves no gap between check and use.
/// </summary>
[Alias("keykeeper.IUserKeysGrain")]
public interface IUserKeysGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; false when it already exists.</summary>
    [Alias("SignUp")]
    Task<bool> SignUpAsync(string password, string? email);

    /// <summary>Checks the password and issues a new bearer token; null when the account or password is wrong.</summary>
    [Alias("Login")]
    Task<IssuedToken?> LoginAsync(string password);

    /// <summary>Revokes the caller's session.</summary>
    [Alias("Logout")]
    Task LogoutAsync(CallerCredentials caller);

    /// <summary>The user's live sessions, newest first.</summary>
    [Alias("ListSessions")]
    Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CallerCredentials caller);

    /// <summary>Revokes one of the user's sessions by id; false when there is no such live session.</summary>
    [Alias("RevokeSession")]
    Task<bool> RevokeSessionAsync(CallerCredentials caller, string sessionId);

    /// <summary>
    /// Changes the password and revokes every other session; false when the current password is
    /// wrong. Throws <see cref="ArgumentException"/> when the new password breaks the rules.
    /// </summary>
    [Alias("ChangePassword")]
    Task<bool> ChangePasswordAsync(CallerCredentials caller, string currentPassword, string newPassword);

    /// <summary>The user's keys (not the deleted ones), masked, ordered by provider.</summary>
    [Alias("ListKeys")]
    Task<IReadOnlyList<KeyEntry>> ListKeysAsync(CallerCredentials caller);

    /// <summary>One key; null when there is none (or it is deleted).</summary>
    [Alias("GetKey")]
    Task<KeyEntry?> GetKeyAsync(CallerCredentials caller, string provider);

    /// <summary>
    /// Encrypts and stores a value as the provider's new version; saving the value already current
    /// changes nothing. Throws <see cref="KeyVersionMismatchException"/> when <paramref name="ifMatch"/> fails.
    /// </summary>
    [Alias("SaveKey")]
    Task<KeyEntry> SaveKeyAsync(CallerCredentials caller, string provider, string value, VersionPrecondition? ifMatch);

    /// <summary>
    /// Soft-deletes a key (it can be undeleted within the recovery window), or with
    /// <paramref name="purge"/> removes it and all its versions for good; false when there is nothing to delete.
    /// </summary>
    [Alias("DeleteKey")]
    Task<bool> DeleteKeyAsync(CallerCredentials caller, string provider, VersionPrecondition? ifMatch, bool purge);

    /// <summary>Brings a soft-deleted key back; null when there is no deleted key to bring back.</summary>
    [Alias("UndeleteKey")]
    Task<KeyEntry?> UndeleteKeyAsync(CallerCredentials caller, string provider);

    /// <summary>The soft-deleted keys and when each will be purged.</summary>
    [Alias("ListDeletedKeys")]
    Task<IReadOnlyList<DeletedKey>> ListDeletedKeysAsync(CallerCredentials caller);

    /// <summary>The kept versions of a provider's key, newest first; null when the provider has none.</summary>
    [Alias("ListVersions")]
    Task<IReadOnlyList<KeyVersionInfo>?> ListVersionsAsync(CallerCredentials caller, string provider);

    /// <summary>Saves a kept version's value again as a new version; null when that version is not kept.</summary>
    [Alias("RestoreVersion")]
    Task<KeyEntry?> RestoreVersionAsync(CallerCredentials caller, string provider, int version, VersionPrecondition? ifMatch);

    /// <summary>Decrypts one key for its owner; the reveal is in the audit trail before the value is returned.</summary>
    [Alias("RevealKey")]
    Task<RevealedKey> RevealKeyAsync(CallerCredentials caller, string provider);

    /// <summary>The user's audit trail, newest first.</summary>
    [Alias("GetAudit")]
    Task<AuditPage> GetAuditAsync(CallerCredentials caller, AuditQuery query);
}
