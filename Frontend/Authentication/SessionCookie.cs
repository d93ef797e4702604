using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>Only a carrier of a grain session's secret, which the grain checks in every call: revoking the session ends the cookie too.</summary>
public static class SessionCookie
{
    public const string SchemeName = "PageSession";

    public const string PolicyName = "PageSession";

    public const string CookieName = "kk.session";

    /// <summary>Browsers keep a <c>__Host-</c> cookie only if Secure, for Path=/ and without Domain: no subdomain or plain-http page can set it.</summary>
    public const string HostCookieName = "__Host-" + CookieName;

    private const string SecretClaimType = "keykeeper:session-secret";

    public static void Configure(CookieAuthenticationOptions options, IHostEnvironment environment)
    {
        // A developer's plain-http machine cannot keep a __Host- cookie.
        options.Cookie.Name = environment.IsDevelopment() ? CookieName : HostCookieName;
        options.Cookie.Path = "/";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = SecurePolicy(environment);
        options.LoginPath = "/login";
        // The cookie ends with its grain session, set at sign-in; it never slides past it.
        options.SlidingExpiration = false;
        options.Events.OnRedirectToLogin = context => RedirectOutsideApi(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => RedirectOutsideApi(context, StatusCodes.Status403Forbidden);
    }

    // Secure cookies everywhere but on a developer's plain-http machine.
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    public static async Task<bool> SignInAsync(HttpContext context, IssuedToken issued)
    {
        if (!AccessToken.TryParse(issued.Token, context.RequestServices.GetRequiredService<AccessTokenKey>(), out var userName, out var secret))
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
