namespace KeyKeeper.Grains.Abstractions;

/// <summary>One user, keyed by <see cref="UserKeysGrainKey"/> (never by the bare username); every refusal is a <see cref="KeyKeeperException"/>.</summary>
[Alias("keykeeper.IUserKeysGrain")]
public interface IUserKeysGrain : IUserAccount, IUserTwoFactor, IUserAppTokens, IUserKeyRing
{
    /// <summary>The user's audit trail (account and key events), newest first.</summary>
    [Alias("GetAudit")]
    Task<AuditPage> GetAuditAsync(CallerCredentials caller, AuditQuery query);
}
