using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KeyKeeper.Frontend.Pages;

/// <summary>
/// Signs in with a new grain session, kept in the session cookie. The form takes username,
/// password and (optionally) the 2FA code at once; when the account wants a code that was not
/// given, a second step asks for the code alone, the password waiting in <see cref="LoginStepCookie"/>.
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(IGrainFactory grains, LoginStepCookie step) : PageModel
{
    /// <summary>Where a sign-in lands without a return URL.</summary>
    public const string HomePath = "/settings/keys";

    public const string WrongCodeMessage = "The code is wrong, expired or already used.";

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The authenticator code (or a recovery code) when the account has 2FA.</summary>
    [BindProperty]
    public string? Totp { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>True when the page shows the code step rather than the username and password form.</summary>
    public bool CodeStep { get; private set; }

    public string? ErrorMessage { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password))
        {
            return Form("Enter your username and password.");
        }

        // A name that cannot exist gets the same answer as a wrong password: no hint which was wrong.
        if (!UserName.TryNormalize(Username, out var userName, out _))
        {
            return Form(AccountRules.WrongCredentials);
        }

        return await LogInAsync(userName, Password, AuthenticationCode.Clean(Totp), onCodeStep: false);
    }

    /// <summary>The code step: the code from the form, the username and password from the step cookie.</summary>
    public async Task<IActionResult> OnPostCodeAsync()
    {
        if (!step.TryRead(HttpContext, out var userName, out var password))
        {
            step.Delete(HttpContext);
            return Form("The sign-in took too long. Enter your username and password again.");
        }

        Username = userName;
        if (AuthenticationCode.Clean(Totp) is not { } code)
        {
            return Step("Enter the code from your authenticator app, or a recovery code.", StatusCodes.Status200OK);
        }

        return await LogInAsync(userName, password, code, onCodeStep: true);
    }

    private async Task<IActionResult> LogInAsync(string userName, string password, string? code, bool onCodeStep)
    {
        LoginResult result;
        try
        {
            result = await grains.GetUserKeysGrain(userName).LoginAsync(new LoginAttempt(password, code, HttpContext.Connection.RemoteIpAddress?.ToString()));
        }
        catch (TooManyAttemptsException tooMany)
        {
            // On the code step the step stays: the password was right, and the lock ends soon.
            var message = AccountRules.TooManyAttempts(tooMany);
            return onCodeStep
                ? Step(message, StatusCodes.Status429TooManyRequests)
                : Form(message, StatusCodes.Status429TooManyRequests);
        }

        switch (result.Status)
        {
            case LoginStatus.TwoFactorRequired or LoginStatus.InvalidCode:
                // The step's five minutes start with the password check and are not extended.
                if (!onCodeStep)
                {
                    step.Issue(HttpContext, userName, password);
                }

                return Step(result.Status == LoginStatus.InvalidCode ? WrongCodeMessage : null, StatusCodes.Status200OK);
            case LoginStatus.Succeeded when result.Token is not null && await SessionCookie.SignInAsync(HttpContext, result.Token):
                step.Delete(HttpContext);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : HomePath);
            default:
                step.Delete(HttpContext);
                return Form(AccountRules.WrongCredentials);
        }
    }

    /// <summary>The username and password form again; the password is never sent back.</summary>
    private PageResult Form(string message, int status = StatusCodes.Status200OK)
    {
        (ErrorMessage, Password, Totp) = (message, null, null);
        return new PageResult { StatusCode = status };
    }

    /// <summary>The code step: its form holds only the code (the password stays in the step cookie).</summary>
    private PageResult Step(string? message, int status)
    {
        (CodeStep, ErrorMessage, Password, Totp) = (true, message, null, null);
        return new PageResult { StatusCode = status };
    }
}
