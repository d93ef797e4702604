using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.DataProtection;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>
/// Carries the username and the grain's single-use <see cref="LoginChallenge"/> to the 2FA code
/// step; the password stays in the request that carried it.
/// </summary>
public sealed class LoginChallengeCookie(IDataProtectionProvider dataProtection, IHostEnvironment environment, TimeProvider time)
{
    public const string CookieName = "kk.login-step";

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("KeyKeeper.Login.Challenge").ToTimeLimitedDataProtector();

    public void Issue(HttpContext context, string userName, LoginChallenge challenge)
    {
        var options = Options(context);
        options.MaxAge = challenge.ExpiresAt - time.GetUtcNow();
        // A normalized username has no line break, so the first one ends it.
        context.Response.Cookies.Append(CookieName, _protector.Protect($"{userName}\n{challenge.Secret}", challenge.ExpiresAt), options);
    }

    public bool TryRead(HttpContext context, [NotNullWhen(true)] out string? userName, [NotNullWhen(true)] out string? challenge)
    {
        userName = challenge = null;
        if (!context.Request.Cookies.TryGetValue(CookieName, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return false;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            // Expired, tampered with, or from a key ring this deployment no longer has.
            return false;
        }

        var split = payload.IndexOf('\n', StringComparison.Ordinal);
        if (split <= 0)
        {
            return false;
        }

        (userName, challenge) = (payload[..split], payload[(split + 1)..]);
        return true;
    }

    public void Delete(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context));

    private CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = SessionCookie.SecurePolicy(environment) == CookieSecurePolicy.Always || context.Request.IsHttps,
        Path = "/login",
        IsEssential = true,
    };
}
