using KeyKeeper.Frontend.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages;

/// <summary>
/// Ends the grain session first, then deletes the cookie: if the key store cannot be reached the
/// page says so and the user can try again, rather than leaving a live session behind a deleted cookie.
/// </summary>
public sealed class LogoutModel(IGrainFactory grains) : SignedInPageModel(grains)
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await Grain.LogoutAsync(Credentials);
        await SessionCookie.SignOutAsync(HttpContext);
        return RedirectToPage("/Login");
    }
}
