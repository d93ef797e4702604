using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KeyKeeper.Frontend.Pages;

/// <summary>When the account wants a code that was not given, a second step asks for it alone, the password waiting in <see cref="LoginStepCookie"/>.</summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(IGrainFactory grains, LoginStepCookie step) : PageModel, IShowsRefusals
{
    public const string HomePath = "/settings/keys";

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Totp { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool CodeStep { get; private set; }

    public string? ErrorMessage { get; private set; }

    private bool _onCodeStep;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var problems = AccountRules.CheckLogin(Username, Password, out var userName);
        if (problems.Count > 0)
        {
            return Form(string.Join(" ", problems.Values.SelectMany(messages => messages)));
        }

        return await LogInAsync(userName, Password!, AuthenticationCode.Clean(Totp), onCodeStep: false);
    }

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

    /// <summary>A lockout keeps the code step: the password was right and the lock ends soon.</summary>
    public Task<IActionResult?> ShowRefusalAsync(KeyKeeperException refusal, int status) =>
        Task.FromResult<IActionResult?>(_onCodeStep ? Step(refusal.Message, status) : Form(refusal.Message, status));

    private async Task<IActionResult> LogInAsync(string userName, string password, string? code, bool onCodeStep)
    {
        _onCodeStep = onCodeStep;
        IssuedToken token;
        try
        {
            token = await grains.GetUserKeysGrain(userName).LoginAsync(new LoginAttempt(password, code, HttpContext.Connection.RemoteIpAddress?.ToString()));
        }
        catch (KeyKeeperException failed) when (failed is { Code: FailureCode.LoginFailed, TwoFactorRequired: true })
        {
            // The password was right. The step's five minutes start with the password check and are not extended.
            if (!onCodeStep)
            {
                step.Issue(HttpContext, userName, password);
            }

            // Without a code the step asks for one; a code that did not work is said so.
            return Step(code is null ? null : failed.Message, StatusCodes.Status200OK);
        }
        catch (KeyKeeperException failed) when (failed.Code == FailureCode.LoginFailed)
        {
            step.Delete(HttpContext);
            return Form(failed.Message);
        }

        if (!await SessionCookie.SignInAsync(HttpContext, token))
        {
            throw new InvalidOperationException("The grain issued a token that is not a session token.");
        }

        step.Delete(HttpContext);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : HomePath);
    }

    private PageResult Form(string message, int status = StatusCodes.Status200OK)
    {
        (ErrorMessage, Password, Totp) = (message, null, null);
        return new PageResult { StatusCode = status };
    }

    private PageResult Step(string? message, int status)
    {
        (CodeStep, ErrorMessage, Password, Totp) = (true, message, null, null);
        return new PageResult { StatusCode = status };
    }
}
