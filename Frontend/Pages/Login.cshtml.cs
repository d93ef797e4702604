using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KeyKeeper.Frontend.Pages;

/// <summary>
/// When the account wants a code that was not given, a second step asks for it alone, with the
/// grain's login challenge in <see cref="LoginChallengeCookie"/>: the password is checked once.
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(IGrainFactory grains, LoginChallengeCookie step) : PageModel, IShowsRefusals
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

        var code = AuthenticationCode.Clean(Totp);
        var progress = await AttemptAsync(() => grains.GetUserKeysGrain(userName).StartLoginAsync(new LoginAttempt(Password!, code, ClientAddress)), onCodeStep: false);
        if (progress.Refused is { } refused)
        {
            return refused;
        }

        if (progress.Value!.CodeNeeded is { } challenge)
        {
            step.Issue(HttpContext, userName, challenge);
            return Step(message: null, StatusCodes.Status200OK);
        }

        return await SignInAsync(progress.Value.Token!);
    }

    public async Task<IActionResult> OnPostCodeAsync()
    {
        if (!step.TryRead(HttpContext, out var userName, out var challenge))
        {
            step.Delete(HttpContext);
            return Form("The sign-in took too long. Enter your username and password again.");
        }

        Username = userName;
        if (AuthenticationCode.Clean(Totp) is not { } code)
        {
            return Step("Enter the code from your authenticator app, or a recovery code.", StatusCodes.Status200OK);
        }

        var token = await AttemptAsync(() => grains.GetUserKeysGrain(userName).FinishLoginAsync(new LoginCodeStep(challenge, code, ClientAddress)), onCodeStep: true);
        return token.Refused ?? await SignInAsync(token.Value!);
    }

    /// <summary>A lockout keeps the code step: the password was right and the lock ends soon.</summary>
    public Task<IActionResult?> ShowRefusalAsync(KeyKeeperException refusal, int status) =>
        Task.FromResult<IActionResult?>(_onCodeStep ? Step(refusal.Message, status) : Form(refusal.Message, status));

    private string? ClientAddress => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>A wrong code keeps the step (the challenge is still good); any other refusal starts again.</summary>
    private async Task<(T? Value, IActionResult? Refused)> AttemptAsync<T>(Func<Task<T>> login, bool onCodeStep)
    {
        _onCodeStep = onCodeStep;
        try
        {
            return (await login(), null);
        }
        catch (KeyKeeperException failed) when (failed is { Code: FailureCode.LoginFailed, TwoFactorRequired: true } && onCodeStep)
        {
            return (default, Step(failed.Message, StatusCodes.Status200OK));
        }
        catch (KeyKeeperException failed) when (failed.Code == FailureCode.LoginFailed)
        {
            step.Delete(HttpContext);
            return (default, Form(failed.Message));
        }
    }

    private async Task<IActionResult> SignInAsync(IssuedToken token)
    {
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
