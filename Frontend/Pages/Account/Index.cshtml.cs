using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>
/// The signed-in user's account: two-factor authentication, app tokens, the password and the live
/// sessions. Every form posts back to this page, which renders the whole account again with that
/// form's outcome; what is shown only once (the 2FA secret, recovery codes, a new app token) is in
/// that response alone, never in a redirect, TempData, a URL or a cookie.
/// </summary>
public sealed partial class IndexModel(IGrainFactory grains, TimeProvider time) : SignedInPageModel(grains)
{
    public IReadOnlyList<SessionInfo>? Sessions { get; private set; }

    public TwoFactorStatus? TwoFactor { get; private set; }

    public IReadOnlyList<AppTokenInfo>? AppTokens { get; private set; }

    /// <summary>Problems of the forms, keyed by input id (or by the form's section id for a whole-form problem).</summary>
    public FormErrors Errors { get; } = new();

    /// <summary>What the last form did, when it worked and has something to say, and the section of that form.</summary>
    public (string Section, string Message)? Notice { get; private set; }

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
        if (id is { Length: > 0 and <= 64 } && await Grain.RevokeSessionAsync(Credentials, id))
        {
            // Revoking this browser's own session ends the cookie at the next request.
            return RedirectToPage();
        }

        Errors.Add("sessions", "That session had already ended.");
        return await ShowAsync(StatusCodes.Status200OK);
    }

    public string? NoticeFor(string section) => Notice is { } notice && notice.Section == section ? notice.Message : null;

    /// <summary>The whole page again, with the outcome of a form.</summary>
    private async Task<PageResult> ShowAsync(int status, (string Section, string Message)? notice = null)
    {
        Notice = notice;
        await OnGetAsync();
        return new PageResult { StatusCode = status };
    }

    /// <summary>A form's problems, each field's under the input id <paramref name="idOf"/> gives it: the page again with 400.</summary>
    private Task<PageResult> RejectAsync(IReadOnlyDictionary<string, string[]> problems, Func<string, string> idOf)
    {
        Errors.AddAll(problems, idOf);
        return ShowAsync(StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Runs a form's grain call; what the grain refuses (bad input, a state that does not allow it,
    /// an account locked after failed codes) becomes the message of the form's section.
    /// </summary>
    private async Task<IActionResult> SubmitAsync(string sectionId, Func<Task<IActionResult>> submit)
    {
        try
        {
            return await submit();
        }
        catch (ArgumentException invalid)
        {
            var message = invalid.ParamName is { } name ? invalid.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : invalid.Message;
            Errors.Add(sectionId, message);
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }
        catch (AccountConflictException conflict)
        {
            Errors.Add(sectionId, conflict.Message);
            return await ShowAsync(StatusCodes.Status409Conflict);
        }
        catch (TooManyAttemptsException tooMany)
        {
            Errors.Add(sectionId, AccountRules.TooManyAttempts(tooMany));
            return await ShowAsync(StatusCodes.Status429TooManyRequests);
        }
    }
}
