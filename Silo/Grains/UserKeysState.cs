using KeyKeeper.Silo.Encryption;

namespace KeyKeeper.Silo.Grains;

/// <summary>
/// What PostgreSQL stores for one user (as System.Text.Json). Key values are ciphertext only;
/// tokens are hashes. Entries are immutable records, so a shallow copy is a full snapshot.
/// </summary>
[GenerateSerializer, Alias("keykeeper.UserKeysState")]
public sealed class UserKeysState
{
    [Id(0)]
    public UserAccount? Account { get; set; }

    /// <summary>Provider name → encrypted key.</summary>
    [Id(1)]
    public Dictionary<string, StoredKey> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>SHA-256 of a bearer token's secret → its session.</summary>
    [Id(2)]
    public Dictionary<string, UserSession> Sessions { get; set; } = new(StringComparer.Ordinal);

    public UserKeysState Snapshot() => new()
    {
        Account = Account,
        Keys = new(Keys, StringComparer.Ordinal),
        Sessions = new(Sessions, StringComparer.Ordinal),
    };
}

/// <summary>The account: the name as the user typed it, and the password hash (never the password).</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.UserAccount")]
public sealed record UserAccount(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? Email,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>An encrypted API key.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.StoredKey")]
public sealed record StoredKey(
    [property: Id(0)] ProtectedValue Value,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset UpdatedAt);

/// <summary>A bearer-token session; the token itself is never stored.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.UserSession")]
public sealed record UserSession(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt);
