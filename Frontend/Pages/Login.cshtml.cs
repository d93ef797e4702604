using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KeyKeeper.Frontend.Pages;

/// <summary>Signs in with a new grain session, kept in the session cookie.</summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(IGrainFactory grains) : PageModel
{
    public const string WrongCredentialsMessage = "The username or password is wrong.";

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The authenticator code (or a recovery code) when the account has 2FA.</summary>
    [BindProperty]
    public string? Totp { get; set; }

    public string? ErrorMessage { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password))
        {
            ErrorMessage = "Enter your username and password.";
            return Page();
        }

        // A name that cannot exist gets the same answer as a wrong password: no hint which was wrong.
        if (!UserName.TryNormalize(Username, out var userName, out _))
        {
            ErrorMessage = WrongCredentialsMessage;
            return Page();
        }

        LoginResult result;
        try
        {
            result = await LogInAsync(userName, Password);
        }
        catch (TooManyAttemptsException tooMany)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ErrorMessage = $"Too many failed attempts: try again in {Math.Ceiling(tooMany.RetryAfter.TotalSeconds)} seconds.";
            return Page();
        }

        ErrorMessage = result.Status switch
        {
            LoginStatus.TwoFactorRequired => "Enter the code from your authenticator app (or a recovery code).",
            LoginStatus.InvalidCode => "The authentication code is wrong, expired or already used.",
            LoginStatus.Failed => WrongCredentialsMessage,
            _ => null,
        };
        if (result.Token is null || !await SessionCookie.SignInAsync(HttpContext, result.Token))
        {
            ErrorMessage ??= WrongCredentialsMessage;
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/account");
    }

    /// <summary>The page's one call to the grain's login.</summary>
    private Task<LoginResult> LogInAsync(string userName, string password) =>
        grains.GetUserKeysGrain(userName).LoginAsync(new LoginAttempt(password, Totp, HttpContext.Connection.RemoteIpAddress?.ToString()));
}
