using Microsoft.AspNetCore.Authorization;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>Every authorized API route needs one scope or the other, so a token of the wrong kind is a 403 before any grain call.</summary>
public static class KeyKeeperPolicies
{
    public const string ScopeClaim = "kk:scope";
    public const string ManageScope = "manage";
    public const string UseScope = "use";

    public const string UseKeys = "use-keys";

    public static AuthorizationBuilder AddKeyKeeperPolicies(this AuthorizationBuilder authorization) => authorization
        .SetDefaultPolicy(new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ScopeClaim, ManageScope)
            .Build())
        .AddPolicy(UseKeys, policy => policy
            .AddAuthenticationSchemes(BearerTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(ScopeClaim, UseScope));
}
