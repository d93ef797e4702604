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

/// <summary>One line of a user's audit trail: never a value or a hint of one.</summary>
/// <param name="Id">Increasing; pages continue below the last id seen.</param>
/// <param name="Provider">The key it concerns.</param>
/// <param name="Action">One of <see cref="AuditAction"/>.</param>
/// <param name="Version">The key version it made or touched.</param>
/// <param name="At">When it happened.</param>
/// <param name="SessionId">The session whose token made the change; null for the service itself (a purge after the recovery window).</param>
/// <param name="ClientAddress">The address the request came from.</param>
/// <param name="AppTokenId">The app token that read the key, or that was created or revoked.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] string? Provider,
    [property: Id(2)] string Action,
    [property: Id(3)] int? Version,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? SessionId,
    [property: Id(6)] string? ClientAddress,
    [property: Id(7)] string? AppTokenId);

/// <summary>A page of the audit trail, newest first.</summary>
/// <param name="Provider">Only this provider's entries.</param>
/// <param name="From">Only entries at or after this time.</param>
/// <param name="To">Only entries before this time.</param>
/// <param name="Limit">Entries per page, 1 to <see cref="MaxLimit"/>.</param>
/// <param name="Before">Only entries with a smaller id (the previous page's <see cref="AuditPage.NextBefore"/>).</param>
[GenerateSerializer, Immutable, Alias("keykeeper.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] string? Provider,
    [property: Id(1)] DateTimeOffset? From,
    [property: Id(2)] DateTimeOffset? To,
    [property: Id(3)] int Limit,
    [property: Id(4)] long? Before)
{
    public const int MaxLimit = 200;
    public const int DefaultLimit = 50;
}

/// <summary>Entries, newest first.</summary>
/// <param name="Items">The entries.</param>
/// <param name="NextBefore">Pass as <c>before</c> for the next page; null on the last page.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Items,
    [property: Id(1)] long? NextBefore);
