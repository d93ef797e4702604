using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>
/// The pages' sign-in: an encrypted cookie (Data Protection) holding the username and the secret
/// of a grain session made at login. The cookie is only a carrier: the grain checks the secret in
/// every call, so revoking the session (or changing the password elsewhere) ends the cookie too.
/// The JSON API never reads it.
/// </summary>
public static class SessionCookie
{
    public const string SchemeName = "PageSession";

    /// <summary>The authorization policy of the pages: signed in through this cookie, not a bearer token.</summary>
    public const string PolicyName = "PageSession";

    public const string CookieName = "kk.session";

    private const string SecretClaimType = "keykeeper:session-secret";

    public static void Configure(CookieAuthenticationOptions options, IHostEnvironment environment)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = SecurePolicy(environment);
        options.LoginPath = "/login";
        // The cookie ends with its grain session, set at sign-in; it never slides past it.
        options.SlidingExpiration = false;
        options.Events.OnRedirectToLogin = context => RedirectOutsideApi(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => RedirectOutsideApi(context, StatusCodes.Status403Forbidden);
    }

    /// <summary>Secure cookies everywhere but on a developer's plain-http machine.</summary>
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>Signs in with a token the grain issued; false when the token is not one.</summary>
    public static async Task<bool> SignInAsync(HttpContext context, IssuedToken issued)
    {
        if (!AccessToken.TryParse(issued.Token, out var userName, out var secret))
        {
            return false;
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userName), new Claim(ClaimTypes.Name, userName), new Claim(SecretClaimType, secret)],
            SchemeName);
        await context.SignInAsync(SchemeName, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = issued.ExpiresAt, AllowRefresh = false });
        return true;
    }

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(SchemeName);

    /// <summary>The signed-in user's grain and credentials, from the cookie's principal.</summary>
    public static bool TryGetCaller(HttpContext context, [NotNullWhen(true)] out string? userName, [NotNullWhen(true)] out CallerCredentials? credentials)
    {
        credentials = null;
        userName = context.User.Identity?.AuthenticationType == SchemeName ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var secret = context.User.FindFirstValue(SecretClaimType);
        if (userName is null || secret is null)
        {
            return false;
        }

        credentials = new CallerCredentials(secret, context.Connection.RemoteIpAddress?.ToString());
        return true;
    }

    private static Task RedirectOutsideApi(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
