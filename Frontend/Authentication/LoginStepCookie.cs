using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>Carries the checked username and password to the 2FA code step, so the step's HTML never holds the password.</summary>
public sealed class LoginStepCookie(IDataProtectionProvider dataProtection, IHostEnvironment environment)
{
    public const string CookieName = "kk.login-step";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("KeyKeeper.Login.TwoFactorStep").ToTimeLimitedDataProtector();

    public void Issue(HttpContext context, string userName, string password) =>
        // A normalized username has no line break, so the first one ends it.
        context.Response.Cookies.Append(CookieName, _protector.Protect($"{userName}\n{password}", Lifetime), Options(context));

    public bool TryRead(HttpContext context, [NotNullWhen(true)] out string? userName, [NotNullWhen(true)] out string? password)
    {
        userName = password = null;
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

        (userName, password) = (payload[..split], payload[(split + 1)..]);
        return true;
    }

    public void Delete(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context));

    private CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = SessionCookie.SecurePolicy(environment) == CookieSecurePolicy.Always || context.Request.IsHttps,
        Path = "/login",
        MaxAge = Lifetime,
        IsEssential = true,
    };
}
