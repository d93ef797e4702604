using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Encryption;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Usage;

namespace KeyKeeper.Silo.Users;

/// <summary>One user's domain objects, which share the user's data key and know nothing of Orleans.</summary>
public sealed record UserDomain(
    DataKeyVault Vault,
    Account Account,
    UnknownNameThrottles UnknownNames,
    TwoFactor TwoFactor,
    AppTokens AppTokens,
    KeyRing Keys,
    DeploymentKeys DeploymentKeys,
    UsageLedger Usage,
    GatewayBudgets Budgets,
    TimeProvider Time)
{
    public void StateReplaced()
    {
        Keys.Entries.Forget();
        Vault.Forget();
    }
}
