using System.Globalization;
using KeyKeeper.Frontend.Apis;
using KeyKeeper.Frontend.Errors;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace KeyKeeper.Frontend.Pages.Settings;

/// <summary>A change ends in a redirect with a one-line status (never a value); a refused save renders the page again with what was typed.</summary>
public sealed class KeysModel(IGrainFactory grains, RevealLimiter revealLimiter, ValidationLimiter validationLimiter, TimeProvider time)
    : SignedInPageModel(grains), IShowsRefusals
{
    /// <summary>The form key of "add another provider": no provider name contains '+'.</summary>
    public const string AddForm = "+add";

    public const string UnavailableFieldMessage = "Nothing was changed: the service is unavailable right now. Please try again.";

    /// <summary>Never a key or a masked key.</summary>
    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Null when the key store could not be asked.</summary>
    public IReadOnlyList<KeyRow>? Rows { get; private set; }

    public string? ProblemForm { get; private set; }

    public string? Problem { get; private set; }

    public string? SaveForm { get; private set; }

    public string? TypedProvider { get; private set; }

    public string? TypedValue { get; private set; }

    public int? PostedVersion { get; private set; }

    public string? RevealedProvider { get; private set; }

    public string? RevealedValue { get; private set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // Every response of this page may hold a revealed or typed key: no cache keeps it.
        Response.Headers.CacheControl = "no-store";
        base.OnPageHandlerExecuting(context);
    }

    public async Task OnGetAsync() => Rows = await LoadRowsAsync();

    public async Task<IActionResult> OnPostSaveAsync(ProviderName provider, string? value, int? version)
    {
        KeepTyped(provider, provider, value, version);
        if (KeyRules.RefusalOfValue(provider, value) is { } refused)
        {
            return await RefuseAsync(refused);
        }

        // A form rendered before there was a key carries no version, and the grain has no "only
        // if absent" condition: a key saved since (in another tab) is checked for here.
        if (version is null && await CurrentKeyAsync(provider) is { Version: > 0 } saved)
        {
            return await RefuseAsync(KeyKeeperException.VersionMismatch(saved.Version));
        }

        return await SaveAsync(provider, value, version);
    }

    public async Task<IActionResult> OnPostAddAsync(string? provider, string? value)
    {
        var typed = provider?.Trim().ToLowerInvariant();
        KeepTyped(AddForm, typed, value, version: null);
        // What was typed is parsed here; a name that cannot be one is refused next to the form (PageErrorFilter).
        var name = ProviderName.Parse(typed ?? string.Empty, CultureInfo.InvariantCulture);
        if (KeyRules.RefusalOfValue(name, value) is { } refused)
        {
            return await RefuseAsync(refused);
        }

        return await CurrentKeyAsync(name) is null
            ? await SaveAsync(name, value, version: null)
            : await RefuseAsync(KeyKeeperException.Conflict($"There is already a {name} key: replace it in its own row."));
    }

    public async Task<IActionResult> OnPostDeleteAsync(ProviderName provider, int? version)
    {
        ProblemForm = provider;
        await Grain.DeleteKeyAsync(Credentials, provider, IfMatch(version), purge: false);
        return Done(provider, $"Deleted {provider}. Undo brings it back.");
    }

    public async Task<IActionResult> OnPostUndeleteAsync(ProviderName provider)
    {
        ProblemForm = provider;
        var entry = await Grain.UndeleteKeyAsync(Credentials, provider);
        return Done(provider, $"Brought {provider} back (version {entry.Version}).");
    }

    public async Task<IActionResult> OnPostRestoreAsync(ProviderName provider, int number, int? version)
    {
        ProblemForm = provider;
        var entry = await Grain.RestoreVersionAsync(Credentials, provider, number, IfMatch(version));
        return Done(provider, $"Restored {provider} version {number} as version {entry.Version}.");
    }

    /// <summary>The value is in this response only (no redirect, no TempData), after the grain has audited the reveal.</summary>
    public async Task<IActionResult> OnPostRevealAsync(ProviderName provider)
    {
        ProblemForm = provider;
        if (!revealLimiter.TryAcquire(UserName, out var retryAfter))
        {
            return await RefuseAsync(StatusCodes.Status429TooManyRequests, KeyRules.BudgetSpent(KeyRules.TooManyReveals, retryAfter));
        }

        (RevealedProvider, RevealedValue) = (provider, await Grain.RevealKeyAsync(Credentials, provider));
        Rows = await LoadRowsAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostValidateAsync(ProviderName provider)
    {
        ProblemForm = provider;
        if (!validationLimiter.TryAcquire(UserName, out var retryAfter))
        {
            return await RefuseAsync(StatusCodes.Status429TooManyRequests, KeyRules.BudgetSpent(KeyRules.TooManyChecks, retryAfter));
        }

        var validation = await Grain.ValidateKeyAsync(Credentials, provider);
        return Done(provider, validation.Status == KeyValidationStatus.NotCheckable
            ? $"{provider} keys cannot be checked: no check endpoint is known for {provider}."
            : $"Checked {provider} with the provider: {DisplayFormat.Validation(validation.Status)}.");
    }

    public async Task<IActionResult?> ShowRefusalAsync(KeyKeeperException refusal, int status) => await RefuseAsync(status, refusal.Message);

    public IReadOnlyList<KeyRow> RowsWhileUnavailable =>
        ProblemForm is { } form && form != AddForm ? [KeyRow.Unknown(form)] : [];

    public string? ProblemAt(string form) =>
        form != ProblemForm ? null
        : Problem ?? (ViewData.ContainsKey(PageErrorFilter.ServiceProblemKey) ? UnavailableFieldMessage : null);

    /// <summary>A refusal no rendered form can show: a tampered provider name.</summary>
    public string? UnplacedProblem(IEnumerable<KeyRow> rows) =>
        Problem is not null && ProblemForm != AddForm && !rows.Any(row => row.Provider == ProblemForm) ? Problem : null;

    public string? ValueFor(string form) => form == SaveForm ? TypedValue : null;

    public int? VersionFor(KeyRow row) =>
        row.Provider == SaveForm ? PostedVersion : row.Entry is { Version: > 0 } entry ? entry.Version : null;

    private void KeepTyped(string form, string? provider, string? value, int? version) =>
        (ProblemForm, SaveForm, TypedProvider, TypedValue, PostedVersion) = (form, form, provider, value, version);

    private async Task<IActionResult> SaveAsync(ProviderName provider, string? value, int? version)
    {
        var entry = await Grain.SaveKeyAsync(Credentials, provider, value!, IfMatch(version));
        return Done(provider, $"Saved {provider} (version {entry.Version}).");
    }

    private async Task<KeyEntry?> CurrentKeyAsync(ProviderName provider) =>
        (await Grain.ListKeysAsync(Credentials)).FirstOrDefault(key => key.Provider == provider);

    private Task<IActionResult> RefuseAsync(KeyKeeperException refusal) =>
        RefuseAsync(ServiceExceptionHandler.Describe(refusal.Code).Status, refusal.Message);

    private async Task<IActionResult> RefuseAsync(int status, string message)
    {
        Problem = message;
        Rows = await LoadRowsAsync();
        var page = Page();
        page.StatusCode = status;
        return page;
    }

    private RedirectToPageResult Done(string provider, string status)
    {
        StatusMessage = status;
        return RedirectToPage(pageName: null, pageHandler: null, routeValues: null, fragment: $"key-{provider}");
    }

    private async Task<IReadOnlyList<KeyRow>> LoadRowsAsync() => KeyRow.AllOf(await Grain.GetKeyRingAsync(Credentials));

    private static VersionPrecondition? IfMatch(int? version) => version is > 0 ? new VersionPrecondition(false, [version.Value]) : null;

}
