using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Usage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Users;

/// <summary>Makes a <see cref="UserDomain"/> per activation from the silo's shared services.</summary>
public sealed class UserDomainFactory(
    KeyProtector protector,
    IPasswordHasher<UserAccount> hasher,
    IOptions<AccountSecurityOptions> security,
    IOptions<BearerTokenOptions> tokens,
    AccessTokenKey tokenKey,
    IOptions<KeyLifecycleOptions> lifecycle,
    DeploymentKeys deploymentKeys,
    UnknownNameThrottles unknownNames,
    UsageLedger usage,
    TimeProvider time,
    ILoggerFactory logs)
{
    public UserDomain Create(string userName)
    {
        var vault = new DataKeyVault(protector, userName, logs.CreateLogger<DataKeyVault>());
        return new UserDomain(
            vault,
            new Account(userName, hasher, security.Value, tokens.Value, tokenKey, time, logs.CreateLogger<Account>()),
            unknownNames,
            new TwoFactor(vault, security.Value, time),
            new AppTokens(userName, security.Value, tokenKey, time),
            new KeyRing(vault, new KeyEntries(vault, lifecycle.Value, time), lifecycle.Value, time),
            deploymentKeys,
            usage,
            new GatewayBudgets(usage, userName, time),
            time);
    }
}
