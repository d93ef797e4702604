using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>
/// The signed-in user's account: two-factor authentication, app tokens, the password and the live
/// sessions. Every form posts back to this page, which renders the whole account again with that
/// form's outcome; what is shown only once (the 2FA secret, recovery codes, a new app token) is in
/// that response alone, never in a redirect, TempData, a URL or a cookie. The grain's refusals are
/// shown next to the posted form by <see cref="PageErrorFilter"/>.
/// </summary>
public sealed partial class IndexModel(IGrainFactory grains, TimeProvider time) : SignedInPageModel(grains), IShowsRefusals
{
    public IReadOnlyList<SessionInfo>? Sessions { get; private set; }

    public TwoFactorStatus? TwoFactor { get; private set; }

    public IReadOnlyList<AppTokenInfo>? AppTokens { get; private set; }

    /// <summary>Problems of the forms, keyed by input id (or by the form's section id for a whole-form problem).</summary>
    public FormErrors Errors { get; } = new();

    /// <summary>What the last form did, when it worked and has something to say, and the section of that form.</summary>
    public (string Section, string Message)? Notice { get; private set; }

    /// <summary>Where the form this request posted shows a problem, by the field it names (null: the whole form); null on a GET.</summary>
    private Func<string?, string>? _placeOf;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        base.OnPageHandlerExecuting(context);
        // Responses can hold a 2FA secret, recovery codes or a new app token: no cache keeps them.
        Response.Headers.CacheControl = "no-store";
    }

    public async Task OnGetAsync()
    {
        Sessions = await Grain.ListSessionsAsync(Credentials);
        TwoFactor = await Grain.GetTwoFactorStatusAsync(Credentials);
        AppTokens = await Grain.ListAppTokensAsync(Credentials);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? id)
    {
        _placeOf = _ => "sessions";
        await Grain.RevokeSessionAsync(Credentials, id ?? string.Empty);
        // Revoking this browser's own session ends the cookie at the next request.
        return RedirectToPage();
    }

    public string? NoticeFor(string section) => Notice is { } notice && notice.Section == section ? notice.Message : null;

    /// <summary>A refusal next to the form that was posted: the input of the field it names, else the form's section.</summary>
    public async Task<IActionResult?> ShowRefusalAsync(KeyKeeperException refusal, int status)
    {
        if (_placeOf is not { } placeOf)
        {
            return null;
        }

        Errors.Add(placeOf(refusal.Field), refusal.Message);
        return await ShowAsync(status);
    }

    /// <summary>The whole page again, with the outcome of a form.</summary>
    private async Task<PageResult> ShowAsync(int status, (string Section, string Message)? notice = null)
    {
        Notice = notice;
        await OnGetAsync();
        return new PageResult { StatusCode = status };
    }

    /// <summary>The posted form's problems, each field's next to its input: the page again with 400.</summary>
    private Task<PageResult> RejectAsync(IReadOnlyDictionary<string, string[]> problems)
    {
        Errors.AddAll(problems, field => _placeOf!(field));
        return ShowAsync(StatusCodes.Status400BadRequest);
    }
}
