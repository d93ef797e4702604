using System.Security.Claims;
using System.Text.Encodings.Web;
using KeyKeeper.Frontend.Gateway;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>
/// The shape and the silos' signature are checked here, so a forged token is refused before any
/// rate limit is charged or any grain is called; the user's grain checks that the token is still
/// live inside every call, so a revoked token stops working at once.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenKey tokenKey,
    IProblemDetailsService problemDetails) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate());

    private AuthenticateResult Authenticate()
    {
        var header = Request.Headers.Authorization.ToString().AsSpan();
        // The gateway checks the app token itself, in whichever header the provider's SDK sent it.
        if (header.IsEmpty || Request.Path.StartsWithSegments(ProviderGateway.RoutePrefix))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || !AccessToken.TryParse(header["Bearer ".Length..].Trim(), tokenKey, out var kind, out var userName, out var secret))
        {
            return AuthenticateResult.Fail("The bearer token is malformed or was not issued by this service.");
        }

        Context.Items[typeof(TokenSecret)] = new TokenSecret(secret);
        var scope = kind == TokenKind.App ? KeyKeeperPolicies.UseScope : KeyKeeperPolicies.ManageScope;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userName), new Claim(KeyKeeperPolicies.ScopeClaim, scope)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = failure ?? "Send the token from POST /api/account/login as 'Authorization: Bearer <token>'.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var isAppToken = Context.User.HasClaim(KeyKeeperPolicies.ScopeClaim, KeyKeeperPolicies.UseScope);
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed with this token",
                Detail = isAppToken
                    ? "An app token can only read key values (GET /api/keys/{provider}/value and /effective); managing keys or the account needs a login session."
                    : "Key values for apps are read with an app token (POST /api/account/app-tokens); a login session reveals a key with POST /api/keys/{provider}/reveal.",
            },
        });
    }

    /// <summary>The caller's token secret, kept for the request so that its grain calls can carry it.</summary>
    public sealed record TokenSecret(string Value);
}
