using KeyKeeper.Frontend.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages;

/// <summary>Ends the grain session before deleting the cookie, so an outage never leaves a live session behind a deleted cookie.</summary>
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
