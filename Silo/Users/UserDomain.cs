using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Keys;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Users;

/// <summary>One user's domain objects, which share the user's data key and know nothing of Orleans.</summary>
public sealed record UserDomain(DataKeyVault Vault, Account Account, TwoFactor TwoFactor, AppTokens AppTokens, KeyRing Keys, DeploymentKeys DeploymentKeys, TimeProvider Time)
{
    /// <summary>Drops what was derived from the state (masks, lists, the data key) when the state is replaced.</summary>
    public void StateReplaced()
    {
        Keys.Entries.Forget();
        Vault.Forget();
    }
}

/// <summary>Makes a <see cref="UserDomain"/> per activation from the silo's shared services.</summary>
public sealed class UserDomainFactory(
    KeyProtector protector,
    IPasswordHasher<UserAccount> hasher,
    IOptions<AccountSecurityOptions> security,
    IOptions<BearerTokenOptions> tokens,
    IOptions<KeyLifecycleOptions> lifecycle,
    DeploymentKeys deploymentKeys,
    TimeProvider time,
    ILoggerFactory logs)
{
    public UserDomain Create(string userName)
    {
        var vault = new DataKeyVault(protector, userName, logs.CreateLogger<DataKeyVault>());
        return new UserDomain(
            vault,
            new Account(userName, hasher, security.Value, tokens.Value, time, logs.CreateLogger<Account>()),
            new TwoFactor(vault, security.Value, time),
            new AppTokens(userName, security.Value, time),
            new KeyRing(vault, new KeyEntries(vault, lifecycle.Value, time), lifecycle.Value, time),
            deploymentKeys,
            time);
    }
}
