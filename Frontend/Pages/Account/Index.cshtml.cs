using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>What is shown only once (a 2FA secret, recovery codes, a new app token) is in that response alone, never a redirect, TempData, URL or cookie.</summary>
[EnableRateLimiting(RateLimits.SignIn)]
[SignInForms(nameof(OnPostChangePasswordAsync), nameof(OnPostConfirmTwoFactorAsync), nameof(OnPostDisableTwoFactorAsync), nameof(OnPostCreateTokenAsync))]
public sealed partial class IndexModel(IGrainFactory grains, TimeProvider time) : SignedInPageModel(grains), IShowsRefusals
{
    public IReadOnlyList<SessionInfo>? Sessions { get; private set; }

    public TwoFactorStatus? TwoFactor { get; private set; }

    public IReadOnlyList<AppTokenInfo>? AppTokens { get; private set; }

    /// <summary>The app tokens with their limits and their last 30 days through the gateway.</summary>
    public IReadOnlyList<ConnectedApp>? ConnectedApps { get; private set; }

    /// <summary>Keyed by input id, or by the form's section id for a whole-form problem.</summary>
    public FormErrors Errors { get; } = new();

    public (string Section, string Message)? Notice { get; private set; }

    /// <summary>Where the posted form shows a problem, by the field it names; null on a GET.</summary>
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
        var usage = await Grain.GetUsageAsync(Credentials, null, Today.AddDays(1 - ConnectedApp.ChartDays), Today);
        ConnectedApps = ConnectedApp.Of(AppTokens, usage, Today);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? id)
    {
        _placeOf = _ => "sessions";
        await Grain.RevokeSessionAsync(Credentials, id ?? string.Empty);
        // Revoking this browser's own session ends the cookie at the next request.
        return RedirectToPage();
    }

    public string? NoticeFor(string section) => Notice is { } notice && notice.Section == section ? notice.Message : null;

    public async Task<IActionResult?> ShowRefusalAsync(KeyKeeperException refusal, int status)
    {
        if (_placeOf is not { } placeOf)
        {
            return null;
        }

        Errors.Add(placeOf(refusal.Field), refusal.Message);
        return await ShowAsync(status);
    }

    private async Task<PageResult> ShowAsync(int status, (string Section, string Message)? notice = null)
    {
        Notice = notice;
        await OnGetAsync();
        return new PageResult { StatusCode = status };
    }

    private Task<PageResult> RejectAsync(IReadOnlyDictionary<string, string[]> problems)
    {
        Errors.AddAll(problems, field => _placeOf!(field));
        return ShowAsync(StatusCodes.Status400BadRequest);
    }
}
