using System.Text.Json.Serialization;
using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Storage;

namespace KeyKeeper.Silo.Users;

/// <summary>
/// What PostgreSQL stores for one user, as System.Text.Json: one slice per domain class. Values
/// are ciphertext and tokens are hashes. Entries are immutable records, so a shallow copy is a
/// full snapshot. Rename no property: stored rows are read back by name.
/// </summary>
[GenerateSerializer, Alias("keykeeper.UserKeysState")]
public sealed class UserKeysState
{
    /// <summary><see cref="Accounts.Account"/>'s slice, with <see cref="Sessions"/> and <see cref="Throttle"/>.</summary>
    [Id(0)]
    public UserAccount? Account { get; set; }

    /// <summary>SHA-256 of a session token's secret → its session.</summary>
    [Id(2)]
    public Dictionary<string, UserSession> Sessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Recent failed passwords and codes; null when there are none to remember.</summary>
    [Id(7)]
    public LoginThrottle? Throttle { get; set; }

    /// <summary>The user's data key, wrapped by a key-encryption key (see <see cref="DataKeyVault"/>).</summary>
    [Id(3)]
    public ProtectedValue? DataKey { get; set; }

    /// <summary><see cref="KeyRing"/>'s slice: provider name → its kept versions and deletion state.</summary>
    [Id(4)]
    public Dictionary<string, ProviderKey> Providers { get; set; } = new(StringComparer.Ordinal);

    /// <summary><see cref="Accounts.TwoFactor"/>'s slice: on once <see cref="TwoFactorState.EnabledAt"/> is set.</summary>
    [Id(6)]
    public TwoFactorState? TwoFactor { get; set; }

    /// <summary><see cref="Accounts.AppTokens"/>'s slice: SHA-256 of an app token's secret → the token.</summary>
    [Id(8)]
    public Dictionary<string, AppToken> AppTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The events of the change being written; <see cref="UserKeysStateSerializer"/> puts them in the row's header.</summary>
    [Id(5)]
    [JsonIgnore]
    public IReadOnlyList<AuditEvent> PendingAudit { get; set; } = [];

    public UserKeysState Snapshot() => new()
    {
        Account = Account,
        Sessions = new(Sessions, StringComparer.Ordinal),
        Throttle = Throttle,
        DataKey = DataKey,
        Providers = new(Providers, StringComparer.Ordinal),
        TwoFactor = TwoFactor,
        AppTokens = new(AppTokens, StringComparer.Ordinal),
        PendingAudit = PendingAudit,
    };
}
