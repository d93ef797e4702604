using Microsoft.AspNetCore.Authorization;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>
/// Two scopes: a login session manages keys and the account; an app token only uses (reads) the
/// values of the providers it was given. Every authorized API route needs one or the other, so
/// an app token on a managing route — or a session on a using route — is a 403 before any grain call.
/// </summary>
public static class KeyKeeperPolicies
{
    public const string ScopeClaim = "kk:scope";
    public const string ManageScope = "manage";
    public const string UseScope = "use";

    /// <summary>Routes that read plain key values for an app.</summary>
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
