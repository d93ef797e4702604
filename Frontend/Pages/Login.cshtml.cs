using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KeyKeeper.Frontend.Pages;

/// <summary>Signs in with a new grain session, kept in the session cookie.</summary>
public sealed class LoginModel(IGrainFactory grains) : PageModel
{
    public const string WrongCredentialsMessage = "The username or password is wrong.";

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The authenticator code; accepted already, checked once the grain knows two-factor sign-in.</summary>
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
        var issued = UserName.TryNormalize(Username, out var userName, out _) ? await LogInAsync(userName, Password) : null;
        if (issued is null || !await SessionCookie.SignInAsync(HttpContext, issued))
        {
            ErrorMessage = WrongCredentialsMessage;
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/account");
    }

    /// <summary>The page's one call to the grain's login.</summary>
    private Task<IssuedToken?> LogInAsync(string userName, string password) =>
        grains.GetUserKeysGrain(userName).LoginAsync(password);
}
