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

    /// <summary>
    /// Checks the password (and the code, once 2FA is on) and issues a new session token. Throws
    /// <see cref="TooManyAttemptsException"/> while the account is locked after failed attempts.
    /// </summary>
    [Alias("Login")]
    Task<LoginResult> LoginAsync(LoginAttempt attempt);

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

    /// <summary>Whether 2FA is on.</summary>
    [Alias("GetTwoFactorStatus")]
    Task<TwoFactorStatus> GetTwoFactorStatusAsync(CallerCredentials caller);

    /// <summary>
    /// Starts 2FA enrolment with a new TOTP secret (replacing an unconfirmed one); 2FA is on only
    /// after <see cref="ConfirmTwoFactorAsync"/>. Throws <see cref="AccountConflictException"/> when 2FA is already on.
    /// </summary>
    [Alias("BeginTwoFactorEnrolment")]
    Task<TwoFactorEnrolment> BeginTwoFactorEnrolmentAsync(CallerCredentials caller);

    /// <summary>Turns 2FA on with a first code from the authenticator; returns the recovery codes (shown once), null for a wrong code.</summary>
    [Alias("ConfirmTwoFactor")]
    Task<IReadOnlyList<string>?> ConfirmTwoFactorAsync(CallerCredentials caller, string code);

    /// <summary>Turns 2FA off; needs the password and a current code (or a recovery code); false when either is wrong.</summary>
    [Alias("DisableTwoFactor")]
    Task<bool> DisableTwoFactorAsync(CallerCredentials caller, string password, string code);

    /// <summary>Creates an app token limited to reading the given providers' keys until it expires.</summary>
    [Alias("CreateAppToken")]
    Task<CreatedAppToken> CreateAppTokenAsync(CallerCredentials caller, AppTokenRequest request);

    /// <summary>The user's app tokens that have not expired, newest first.</summary>
    [Alias("ListAppTokens")]
    Task<IReadOnlyList<AppTokenInfo>> ListAppTokensAsync(CallerCredentials caller);

    /// <summary>Revokes an app token by id; false when there is no such token.</summary>
    [Alias("RevokeAppToken")]
    Task<bool> RevokeAppTokenAsync(CallerCredentials caller, string appTokenId);

    /// <summary>
    /// The plain value of a key, for an app token (the caller's secret is an app token's) that was
    /// given the provider, else <see cref="ScopeDeniedException"/>. With
    /// <paramref name="deploymentKeyAllowed"/>, the deployment's key fills in when the user has
    /// none. Every use is in the audit trail before the value is returned; null when there is no key.
    /// </summary>
    [Alias("UseKey")]
    Task<KeyForUse?> UseKeyAsync(CallerCredentials appCaller, string provider, bool deploymentKeyAllowed);

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

    /// <summary>
    /// Checks the current value with its provider and records the verdict (audited, never the
    /// value); null when there is no key. Status <see cref="KeyValidationStatus.Unreadable"/> or
    /// <see cref="KeyValidationStatus.NotCheckable"/> means nothing was asked and nothing recorded.
    /// </summary>
    [Alias("ValidateKey")]
    Task<KeyValidation?> ValidateKeyAsync(CallerCredentials caller, string provider);

    /// <summary>The user's audit trail, newest first.</summary>
    [Alias("GetAudit")]
    Task<AuditPage> GetAuditAsync(CallerCredentials caller, AuditQuery query);
}
