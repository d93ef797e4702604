using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Usage;
using KeyKeeper.Silo.Users;
using KeyKeeper.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;

namespace KeyKeeper.Silo.Tests;

/// <summary>One user's domain objects over an in-memory state, on a clock the test moves.</summary>
public sealed class TestUser
{
    public const string Password = "plum velvet harbor 42";

    public static readonly Actor Someone = new("session-1", "203.0.113.7");

    public TestUser(KeyLifecycleOptions? lifecycle = null, AccountSecurityOptions? security = null, BearerTokenOptions? tokens = null, IPasswordHasher<UserAccount>? hasher = null)
    {
        var protector = new KeyProtector(Options.Create(new KeyEncryptionOptions
        {
            ActiveKeyId = "k1",
            Keys = { ["k1"] = "a key-encryption secret for unit tests only, 32+ chars" },
        }));
        Lifecycle = lifecycle ?? new KeyLifecycleOptions();
        Security = security ?? new AccountSecurityOptions();
        Domain = new UserDomainFactory(
            protector,
            hasher ?? new LegacyAwarePasswordHasher(),
            Options.Create(Security),
            Options.Create(tokens ?? new BearerTokenOptions()),
            TokenKey,
            Options.Create(Lifecycle),
            new DeploymentKeys(Options.Create(new DeploymentKeys.Settings())),
            // Only the grain uses it (a login for a name without an account); these tests have no database.
            new UnknownNameThrottles(NpgsqlDataSource.Create(TestDeployment.UnreachableConnectionString), Options.Create(new ClusterOptions()), NullLogger<UnknownNameThrottles>.Instance),
            new UsageLedger(Unreachable, new UsageBatcher(Unreachable), Options.Create(new ClusterOptions()), NullLogger<UsageLedger>.Instance),
            Clock,
            NullLoggerFactory.Instance).Create(Name);
    }

    private static NpgsqlDataSource Unreachable { get; } = NpgsqlDataSource.Create(TestDeployment.UnreachableConnectionString);

    public static AccessTokenKey TokenKey { get; } = new("an access-token signing secret for unit tests only");

    public string Name { get; } = $"user-{Guid.NewGuid():N}";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public KeyLifecycleOptions Lifecycle { get; }

    public AccountSecurityOptions Security { get; }

    public UserDomain Domain { get; }

    public UserKeysState State { get; set; } = new();

    /// <summary>A fresh value of the provider's shape.</summary>
    public static string NewKey(string provider = "openai") => TestKeyValues.Shaped(provider, Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"));

    public UserKeysState SignedUp()
    {
        Domain.Account.SignUp(State, Domain.Account.Hash(Password), email: null);
        return State;
    }

    public static KeyKeeperException Refused(FailureCode code, Action action)
    {
        var refusal = Assert.Throws<KeyKeeperException>(action);
        Assert.Equal(code, refusal.Code);
        return refusal;
    }
}
