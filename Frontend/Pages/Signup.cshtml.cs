using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KeyKeeper.Frontend.Pages;

/// <summary>Creates an account with the API's rules and messages, then signs in at once.</summary>
[EnableRateLimiting(RateLimits.SignUp)]
public sealed class SignupModel(IGrainFactory grains) : PageModel, IShowsRefusals
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public FormErrors Errors { get; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // Input ids are the field names: username, email, password (and confirm-password).
        Errors.AddAll(AccountRules.CheckSignUp(Username, Password, Email, out var userName, out var email), field => field);
        if (!Errors.Any && Password != ConfirmPassword)
        {
            Errors.Add("confirm-password", "The two passwords are not the same.");
        }

        if (Errors.Any)
        {
            return Rejected(StatusCodes.Status400BadRequest);
        }

        var grain = grains.GetUserKeysGrain(userName);
        await grain.SignUpAsync(Password!, email);
        var token = await grain.LoginAsync(new LoginAttempt(Password!, null, HttpContext.Connection.RemoteIpAddress?.ToString()));
        return await SessionCookie.SignInAsync(HttpContext, token)
            ? LocalRedirect(LoginModel.HomePath)
            : RedirectToPage("/Login");
    }

    /// <summary>The grain's refusal (a taken name) next to the input it is about: the username when it names none.</summary>
    public Task<IActionResult?> ShowRefusalAsync(KeyKeeperException refusal, int status)
    {
        Errors.Add(refusal.Field ?? "username", refusal.Message);
        return Task.FromResult<IActionResult?>(Rejected(status));
    }

    private PageResult Rejected(int status)
    {
        Password = ConfirmPassword = null;
        return new PageResult { StatusCode = status };
    }
}
