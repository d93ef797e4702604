using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;

namespace KeyKeeper.Silo.Grains;

/// <summary>
/// What PostgreSQL stores for one user (as System.Text.Json). Key values are ciphertext only;
/// tokens are hashes. Entries are immutable records, so a shallow copy is a full snapshot.
/// Rename no property: stored rows are read back by name.
/// </summary>
[GenerateSerializer, Alias("keykeeper.UserKeysState")]
public sealed class UserKeysState
{
    [Id(0)]
    public UserAccount? Account { get; set; }

    /// <summary>
    /// Keys saved before versions existed, each encrypted directly under a key-encryption key.
    /// Moved into <see cref="Providers"/> when the grain activates; only a value that no longer
    /// decrypts stays here, listed as unreadable rather than dropped.
    /// </summary>
    [Id(1)]
    public Dictionary<string, StoredKey> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>SHA-256 of a bearer token's secret → its session.</summary>
    [Id(2)]
    public Dictionary<string, UserSession> Sessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The user's data key, wrapped by a key-encryption key; every value is sealed with it.</summary>
    [Id(3)]
    public ProtectedValue? DataKey { get; set; }

    /// <summary>Provider name → its kept versions and deletion state.</summary>
    [Id(4)]
    public Dictionary<string, ProviderKey> Providers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The audit records of the change being written. They are stored in the row's header (see
    /// <see cref="Storage.UserKeysStateSerializer"/>), which a trigger copies into <c>key_audit</c>
    /// in the same statement as the state, so a change and its record commit together or not at all.
    /// </summary>
    [Id(5)]
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<AuditRecord> PendingAudit { get; set; } = [];

    /// <summary>TOTP two-factor authentication: on once <see cref="TwoFactorState.EnabledAt"/> is set.</summary>
    [Id(6)]
    public TwoFactorState? TwoFactor { get; set; }

    /// <summary>Recent failed passwords and codes; null when there are none to remember.</summary>
    [Id(7)]
    public LoginThrottle? Throttle { get; set; }

    /// <summary>SHA-256 of an app token's secret → the token.</summary>
    [Id(8)]
    public Dictionary<string, AppToken> AppTokens { get; set; } = new(StringComparer.Ordinal);

    public UserKeysState Snapshot() => new()
    {
        Account = Account,
        Keys = new(Keys, StringComparer.Ordinal),
        Sessions = new(Sessions, StringComparer.Ordinal),
        DataKey = DataKey,
        Providers = new(Providers, StringComparer.Ordinal),
        PendingAudit = PendingAudit,
        TwoFactor = TwoFactor,
        Throttle = Throttle,
        AppTokens = new(AppTokens, StringComparer.Ordinal),
    };
}

/// <summary>The account: the name as the user typed it, and the password hash (never the password).</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.UserAccount")]
public sealed record UserAccount(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? Email,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>A key as stored before versions existed (see <see cref="UserKeysState.Keys"/>).</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.StoredKey")]
public sealed record StoredKey(
    [property: Id(0)] ProtectedValue Value,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset UpdatedAt);

/// <summary>
/// A provider's kept versions, oldest first (the last is current), its soft deletion, and the
/// last check of a value with the provider. Every new version is a new <see cref="ProviderKey"/>
/// without a check; <see cref="CurrentCheck"/> also compares the version, to be sure.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.ProviderKey")]
public sealed record ProviderKey(
    [property: Id(0)] IReadOnlyList<KeyVersion> Versions,
    [property: Id(1)] DateTimeOffset? DeletedAt,
    [property: Id(2)] KeyCheck? Validation = null)
{
    public KeyVersion Current => Versions[^1];

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>The last check of the current version; null when it has not been checked.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public KeyCheck? CurrentCheck => Validation?.Version == Current.Number ? Validation : null;
}

/// <summary>What the provider answered for one version (see <see cref="KeyValidation"/>); never the value.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyCheck")]
public sealed record KeyCheck(
    [property: Id(0)] int Version,
    [property: Id(1)] KeyValidationStatus Status,
    [property: Id(2)] DateTimeOffset CheckedAt,
    [property: Id(3)] DateTimeOffset? LastValidAt,
    [property: Id(4)] string? Detail)
{
    public KeyValidation ToValidation() => new(Status, CheckedAt, LastValidAt, Detail);
}

/// <summary>One value of a provider's key, sealed with the user's data key.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyVersion")]
public sealed record KeyVersion(
    [property: Id(0)] int Number,
    [property: Id(1)] byte[] Sealed,
    [property: Id(2)] DateTimeOffset SavedAt,
    [property: Id(3)] int? RestoredFrom);

/// <summary>An audit record on its way to <c>key_audit</c>. Holds no value and no hint of one.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.AuditRecord")]
public sealed record AuditRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string? Provider,
    [property: Id(2)] string Action,
    [property: Id(3)] int? Version,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? SessionId,
    [property: Id(6)] string? ClientAddress,
    [property: Id(7)] string? AppTokenId = null);

/// <summary>A bearer-token session; the token itself is never stored.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.UserSession")]
public sealed record UserSession(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt);

/// <summary>
/// The TOTP secret, sealed with the user's data key like every key value, and the hashes of the
/// unused recovery codes. <see cref="LastUsedStep"/> is the time step of the last code accepted:
/// a code is only accepted for a later step, so a code seen once cannot be replayed.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.TwoFactorState")]
public sealed record TwoFactorState(
    [property: Id(0)] byte[] SealedSecret,
    [property: Id(1)] DateTimeOffset? EnabledAt,
    [property: Id(2)] IReadOnlyList<string> RecoveryCodeHashes,
    [property: Id(3)] long LastUsedStep)
{
    public bool IsEnabled => EnabledAt is not null;
}

/// <summary>An app token (see <see cref="KeyKeeper.Grains.Abstractions.AppTokenInfo"/>); the token itself is never stored.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.AppToken")]
public sealed record AppToken(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Providers,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt);
