using System.Security.Claims;
using System.Text.Encodings.Web;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>
/// Checks <c>Authorization: Bearer</c> tokens with the grain of the user they name; the grain
/// holds the only record of the session, so a revoked token stops working everywhere at once.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    IProblemDetailsService problemDetails) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string SessionIdClaim = "sid";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || !AccessToken.TryParse(header["Bearer ".Length..].Trim(), out var userName, out var secret))
        {
            return AuthenticateResult.Fail("The bearer token is malformed.");
        }

        var sessionId = await grains.GetUserKeysGrain(userName).AuthenticateAsync(secret);
        if (sessionId is null)
        {
            return AuthenticateResult.Fail("The bearer token is unknown, revoked or expired.");
        }

        Context.Items[typeof(TokenSecret)] = new TokenSecret(secret);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userName), new Claim(SessionIdClaim, sessionId)], SchemeName);
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

    /// <summary>The caller's token secret, kept for the request so that logout can revoke it.</summary>
    public sealed record TokenSecret(string Value);
}
