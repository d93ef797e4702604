using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KeyKeeper.Frontend.Pages;

/// <summary>A page of the signed-in user: their grain and the credentials its calls carry.</summary>
public abstract class SignedInPageModel(IGrainFactory grains) : PageModel
{
    public string UserName { get; private set; } = string.Empty;

    protected IUserKeysGrain Grain { get; private set; } = null!;

    protected CallerCredentials Credentials { get; private set; } = null!;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // The folder's authorization policy has already required the cookie; this only unpacks it.
        if (!SessionCookie.TryGetCaller(HttpContext, out var userName, out var credentials))
        {
            context.Result = RedirectToPage("/Login");
            return;
        }

        UserName = userName;
        Credentials = credentials;
        Grain = grains.GetUserKeysGrain(userName);
    }
}
