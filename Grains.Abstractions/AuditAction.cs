namespace KeyKeeper.Grains.Abstractions;

/// <summary>What happened, as the audit trail stores it: key actions name the provider, account actions none.</summary>
public static class AuditAction
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Revealed = "revealed";
    public const string Deleted = "deleted";
    public const string Restored = "restored";
    public const string Undeleted = "undeleted";
    public const string Purged = "purged";
    public const string Imported = "imported";
    public const string Validated = "validated";
    public const string Used = "used";
    public const string UsedDeploymentKey = "used-deployment-key";

    public const string SignedIn = "signed-in";
    public const string AuthenticationFailed = "authentication-failed";
    public const string RecoveryCodeUsed = "recovery-code-used";
    public const string PasswordChanged = "password-changed";
    public const string TwoFactorEnabled = "2fa-enabled";
    public const string TwoFactorDisabled = "2fa-disabled";
    public const string AppTokenCreated = "app-token-created";
    public const string AppTokenRevoked = "app-token-revoked";
    public const string AppTokenLimitsChanged = "app-token-limits-changed";

    public static readonly IReadOnlyList<string> All =
    [
        Created, Updated, Revealed, Deleted, Restored, Undeleted, Purged, Imported, Validated, Used, UsedDeploymentKey,
        SignedIn, AuthenticationFailed, RecoveryCodeUsed, PasswordChanged, TwoFactorEnabled, TwoFactorDisabled, AppTokenCreated, AppTokenRevoked, AppTokenLimitsChanged,
    ];
}
