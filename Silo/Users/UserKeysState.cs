using System.Text.Json.Serialization;
using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Storage;

namespace KeyKeeper.Silo.Users;

/// <summary>What PostgreSQL stores for one user. Rename no property: stored rows are read back by name.</summary>
[GenerateSerializer, Alias("keykeeper.UserKeysState")]
public sealed class UserKeysState
{
    [Id(0)]
    public UserAccount? Account { get; set; }

    /// <summary>Keyed by the SHA-256 of the token's secret.</summary>
    [Id(2)]
    public Dictionary<string, UserSession> Sessions { get; set; } = new(StringComparer.Ordinal);

    [Id(7)]
    public LoginThrottle? Throttle { get; set; }

    /// <summary>Pending code steps of logins whose password was right: the SHA-256 of each challenge's secret, and when it expires.</summary>
    [Id(10)]
    public Dictionary<string, DateTimeOffset> LoginChallenges { get; set; } = new(StringComparer.Ordinal);

    [Id(3)]
    public ProtectedValue? DataKey { get; set; }

    [Id(4)]
    public Dictionary<string, ProviderKey> Providers { get; set; } = new(StringComparer.Ordinal);

    [Id(6)]
    public TwoFactorState? TwoFactor { get; set; }

    /// <summary>Keyed by the SHA-256 of the token's secret.</summary>
    [Id(8)]
    public Dictionary<string, AppToken> AppTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary><see cref="UserKeysStateSerializer"/> writes these into the row's header, not the state.</summary>
    [Id(5)]
    [JsonIgnore]
    public IReadOnlyList<AuditEvent> PendingAudit { get; set; } = [];

    /// <summary>The row's size as last read or written (<see cref="UserKeysStateSerializer"/>); a change may not grow it past the cap.</summary>
    [Id(9)]
    [JsonIgnore]
    public int StoredBytes { get; set; }

    // Entries are immutable records, so a shallow copy is a full snapshot.
    public UserKeysState Snapshot() => new()
    {
        Account = Account,
        Sessions = new(Sessions, StringComparer.Ordinal),
        Throttle = Throttle,
        LoginChallenges = new(LoginChallenges, StringComparer.Ordinal),
        DataKey = DataKey,
        Providers = new(Providers, StringComparer.Ordinal),
        TwoFactor = TwoFactor,
        AppTokens = new(AppTokens, StringComparer.Ordinal),
        PendingAudit = PendingAudit,
        StoredBytes = StoredBytes,
    };
}
