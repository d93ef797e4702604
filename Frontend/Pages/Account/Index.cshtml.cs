using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>Who is signed in, and their live sessions with a way to end each.</summary>
public sealed class IndexModel(IGrainFactory grains) : SignedInPageModel(grains)
{
    public IReadOnlyList<SessionInfo>? Sessions { get; private set; }

    public string? ErrorMessage { get; private set; }

    public async Task OnGetAsync() => Sessions = await Grain.ListSessionsAsync(Credentials);

    public async Task<IActionResult> OnPostRevokeAsync(string? id)
    {
        if (id is { Length: > 0 and <= 64 } && await Grain.RevokeSessionAsync(Credentials, id))
        {
            // Revoking this browser's own session ends the cookie at the next request.
            return RedirectToPage();
        }

        ErrorMessage = "That session had already ended.";
        await OnGetAsync();
        return Page();
    }
}
