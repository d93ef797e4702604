namespace KeyKeeper.Grains.Abstractions;

/// <summary>What happened to a key or to the account: the audit trail holds both, as this text.</summary>
public static class AuditAction
{
    // Keys (the entry names the provider).
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Revealed = "revealed";
    public const string Deleted = "deleted";
    public const string Restored = "restored";
    public const string Undeleted = "undeleted";
    public const string Purged = "purged";
    public const string Imported = "imported";

    /// <summary>The key was checked with its provider (by the user, or by the periodic check).</summary>
    public const string Validated = "validated";

    /// <summary>An app token read the user's key.</summary>
    public const string Used = "used";

    /// <summary>An app token was given the deployment's key (the user had none).</summary>
    public const string UsedDeploymentKey = "used-deployment-key";

    // The account (no provider).
    public const string SignedIn = "signed-in";
    public const string AuthenticationFailed = "authentication-failed";
    public const string RecoveryCodeUsed = "recovery-code-used";
    public const string PasswordChanged = "password-changed";
    public const string TwoFactorEnabled = "2fa-enabled";
    public const string TwoFactorDisabled = "2fa-disabled";
    public const string AppTokenCreated = "app-token-created";
    public const string AppTokenRevoked = "app-token-revoked";

    public static readonly IReadOnlyList<string> All =
    [
        Created, Updated, Revealed, Deleted, Restored, Undeleted, Purged, Imported, Validated, Used, UsedDeploymentKey,
        SignedIn, AuthenticationFailed, RecoveryCodeUsed, PasswordChanged, TwoFactorEnabled, TwoFactorDisabled, AppTokenCreated, AppTokenRevoked,
    ];
}
