namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// One user, keyed by <see cref="UserKeysGrainKey"/> (never by the bare username): the account, its
/// two-factor authentication, app tokens and keys, one role interface each. Every change (and
/// every reveal or use of a key, which is audited) is durable in PostgreSQL before the call
/// returns. Calls carry the caller's <see cref="CallerCredentials"/>, checked inside the call: no
/// extra hop and no gap between check and use. Every refusal is a <see cref="KeyKeeperException"/>.
/// </summary>
[Alias("keykeeper.IUserKeysGrain")]
public interface IUserKeysGrain : IUserAccount, IUserTwoFactor, IUserAppTokens, IUserKeyRing
{
    /// <summary>The user's audit trail (account and key events), newest first.</summary>
    [Alias("GetAudit")]
    Task<AuditPage> GetAuditAsync(CallerCredentials caller, AuditQuery query);
}
