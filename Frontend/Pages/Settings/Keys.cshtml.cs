using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Frontend.Telemetry;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace KeyKeeper.Frontend.Pages.Settings;

/// <summary>
/// The user's API keys: a row per catalogue provider and per other provider they have a key for.
/// Every load asks the grain. A change ends in a redirect with a one-line status (never a value);
/// a refused change renders the page again with the reason next to the form and, for a save,
/// what was typed. An unreachable key store is left to <see cref="PageErrorFilter"/>.
/// </summary>
public sealed class KeysModel(IGrainFactory grains, RevealLimiter revealLimiter, ValidationLimiter validationLimiter, TimeProvider time)
    : SignedInPageModel(grains)
{
    /// <summary>The form key of "add another provider": no provider name contains '+'.</summary>
    public const string AddForm = "+add";

    public const string UnavailableFieldMessage = "Nothing was changed: the service is unavailable right now. Please try again.";

    /// <summary>The outcome of the last change, shown once after its redirect. Never a key or a masked key.</summary>
    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>Null when the key store could not be asked.</summary>
    public IReadOnlyList<KeyRow>? Rows { get; private set; }

    /// <summary>The form the refusal in <see cref="Problem"/> belongs to: a provider name or <see cref="AddForm"/>.</summary>
    public string? ProblemForm { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The save form being posted, so a failed save shows what was typed (set only by the save handlers).</summary>
    public string? SaveForm { get; private set; }

    public string? TypedProvider { get; private set; }

    public string? TypedValue { get; private set; }

    public int? PostedVersion { get; private set; }

    public string? RevealedProvider { get; private set; }

    public string? RevealedValue { get; private set; }

    /// <summary>What "checked 3 min ago" counts from.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        // Every response of this page may hold a revealed or typed key: no cache keeps it.
        Response.Headers.CacheControl = "no-store";
        base.OnPageHandlerExecuting(context);
    }

    public async Task OnGetAsync() => Rows = await LoadRowsAsync();

    public Task<IActionResult> OnPostSaveAsync(string? provider, string? value, int? version)
    {
        KeepTyped(provider, provider, value, version);
        return ChangeAsync(provider, async provider =>
            // A form rendered before there was a key carries no version, and the grain has no
            // "only if absent" condition: a key saved since (in another tab) is checked for here.
            version is null && await Grain.GetKeyAsync(Credentials, provider) is { Version: > 0 } saved
                ? await RefuseAsync(StatusCodes.Status412PreconditionFailed, ChangedElsewhere(saved.Version))
                : await SaveAsync(provider, value, version));
    }

    public async Task<IActionResult> OnPostAddAsync(string? provider, string? value)
    {
        provider = provider?.Trim().ToLowerInvariant();
        KeepTyped(AddForm, provider, value, version: null);
        return await ChangeAsync(provider, async provider =>
            await Grain.GetKeyAsync(Credentials, provider) is null
                ? await SaveAsync(provider, value, version: null)
                : await RefuseAsync(StatusCodes.Status409Conflict, $"There is already a {provider} key: replace it in its own row."));
    }

    public Task<IActionResult> OnPostDeleteAsync(string? provider, int? version) =>
        ChangeAsync(provider, async provider =>
            await Grain.DeleteKeyAsync(Credentials, provider, IfMatch(version), purge: false)
                ? Done(provider, $"Deleted {provider}. Undo brings it back.")
                : await RefuseAsync(StatusCodes.Status409Conflict, $"There is no {provider} key to delete any more. Reload the page."));

    public Task<IActionResult> OnPostUndeleteAsync(string? provider) =>
        ChangeAsync(provider, async provider =>
            await Grain.UndeleteKeyAsync(Credentials, provider) is { } entry
                ? Done(provider, $"Brought {provider} back (version {entry.Version}).")
                : await RefuseAsync(StatusCodes.Status409Conflict, $"There is no deleted {provider} key that can still be brought back."));

    public Task<IActionResult> OnPostRestoreAsync(string? provider, int number, int? version) =>
        ChangeAsync(provider, async provider =>
            await Grain.RestoreVersionAsync(Credentials, provider, number, IfMatch(version)) is { } entry
                ? Done(provider, $"Restored {provider} version {number} as version {entry.Version}.")
                : await RefuseAsync(StatusCodes.Status404NotFound, $"Version {number} of the {provider} key is not kept any more."));

    /// <summary>
    /// Shows the value in this response only (no redirect, no TempData), after the grain has
    /// put the reveal in the audit trail.
    /// </summary>
    public Task<IActionResult> OnPostRevealAsync(string? provider) =>
        ChangeAsync(provider, async provider =>
        {
            if (!revealLimiter.TryAcquire(UserName, out var retryAfter))
            {
                return await RefuseAsync(StatusCodes.Status429TooManyRequests, $"Too many reveals: try again in {RetryAfter.Seconds(retryAfter)} seconds.");
            }

            var revealed = await Grain.RevealKeyAsync(Credentials, provider);
            switch (revealed.Status)
            {
                case RevealStatus.Revealed:
                    (RevealedProvider, RevealedValue) = (provider, revealed.Value);
                    Rows = await LoadRowsAsync();
                    return Page();
                case RevealStatus.Unreadable:
                    return await RefuseAsync(StatusCodes.Status409Conflict, $"The stored {provider} key cannot be decrypted, so it cannot be shown. Save a new value to replace it.");
                default:
                    return await RefuseAsync(StatusCodes.Status404NotFound, $"There is no {provider} key to reveal. Reload the page.");
            }
        });

    /// <summary>Checks the key with its provider; the verdict is in the row (and the status line) after the redirect.</summary>
    public Task<IActionResult> OnPostValidateAsync(string? provider) =>
        ChangeAsync(provider, async provider =>
        {
            if (!validationLimiter.TryAcquire(UserName, out var retryAfter))
            {
                return await RefuseAsync(StatusCodes.Status429TooManyRequests, $"Too many key checks: try again in {RetryAfter.Seconds(retryAfter)} seconds.");
            }

            return await Grain.ValidateKeyAsync(Credentials, provider) switch
            {
                null => await RefuseAsync(StatusCodes.Status404NotFound, $"There is no {provider} key to check. Reload the page."),
                { Status: KeyValidationStatus.Unreadable } => await RefuseAsync(StatusCodes.Status409Conflict, $"The stored {provider} key cannot be decrypted, so it cannot be checked. Save a new value to replace it."),
                { Status: KeyValidationStatus.NotCheckable } => Done(provider, $"{provider} keys cannot be checked: no check endpoint is known for {provider}."),
                var validation => Done(provider, $"Checked {provider} with the provider: {DisplayFormat.Validation(validation.Status)}."),
            };
        });

    /// <summary>What is shown while the key store cannot be reached: the form that was posted, if any.</summary>
    public IReadOnlyList<KeyRow> RowsWhileUnavailable =>
        ProblemForm is { } form && ProviderName.IsValid(form) ? [KeyRow.Unknown(form)] : [];

    /// <summary>The refusal to show next to a form, or the unavailability of the key store when that form's post met it.</summary>
    public string? ProblemAt(string form) =>
        form != ProblemForm ? null
        : Problem ?? (ViewData.ContainsKey(PageErrorFilter.ServiceProblemKey) ? UnavailableFieldMessage : null);

    /// <summary>A refusal no rendered form can show (a tampered provider name).</summary>
    public string? UnplacedProblem(IEnumerable<KeyRow> rows) =>
        Problem is not null && ProblemForm != AddForm && !rows.Any(row => row.Provider == ProblemForm) ? Problem : null;

    /// <summary>What the user typed into a save form whose post failed; never a stored value.</summary>
    public string? ValueFor(string form) => form == SaveForm ? TypedValue : null;

    /// <summary>The version a row's forms carry: the one the failed save was rendered with, else the current one.</summary>
    public int? VersionFor(KeyRow row) =>
        row.Provider == SaveForm ? PostedVersion : row.Entry is { Version: > 0 } entry ? entry.Version : null;

    private void KeepTyped(string? form, string? provider, string? value, int? version) =>
        (SaveForm, TypedProvider, TypedValue, PostedVersion) = (form, provider, value, version);

    private async Task<IActionResult> SaveAsync(string provider, string? value, int? version)
    {
        if (!KeyValue.TryNormalizeFor(provider, value, out var normalized, out var error))
        {
            FrontendMetrics.KeyValueRefused();
            return await RefuseAsync(StatusCodes.Status400BadRequest, error);
        }

        var entry = await Grain.SaveKeyAsync(Credentials, provider, normalized, IfMatch(version));
        return Done(provider, $"Saved {provider} (version {entry.Version}).");
    }

    /// <summary>
    /// Runs one change for a valid provider and maps the grain's refusals to a message next to the
    /// form; unavailability and a rejected session propagate to <see cref="PageErrorFilter"/>.
    /// </summary>
    private async Task<IActionResult> ChangeAsync(string? provider, Func<string, Task<IActionResult>> change)
    {
        ProblemForm = SaveForm ?? provider;
        if (provider is null || !ProviderName.IsValid(provider))
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, ProviderName.Rule);
        }

        try
        {
            return await change(provider);
        }
        catch (KeyVersionMismatchException mismatch)
        {
            return await RefuseAsync(StatusCodes.Status412PreconditionFailed, ChangedElsewhere(mismatch.CurrentVersion));
        }
        catch (ArgumentException invalid)
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, WithoutParameterName(invalid));
        }
    }

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

    private async Task<IReadOnlyList<KeyRow>> LoadRowsAsync()
    {
        var keys = await Grain.ListKeysAsync(Credentials);
        var deleted = await Grain.ListDeletedKeysAsync(Credentials);
        var catalogue = ProviderCatalogue.Providers.Select(p => p.Name).Where(name => name != ProviderCatalogue.Other);
        var others = keys.Select(k => k.Provider).Concat(deleted.Select(d => d.Provider))
            .Where(name => ProviderCatalogue.Find(name) is null)
            .Distinct()
            .Order(StringComparer.Ordinal);

        var rows = new List<KeyRow>();
        foreach (var provider in catalogue.Concat(others).Append(ProviderCatalogue.Other))
        {
            var entry = keys.FirstOrDefault(k => k.Provider == provider);
            var versions = entry is { Version: > 0 } ? await Grain.ListVersionsAsync(Credentials, provider) ?? [] : [];
            rows.Add(new KeyRow(provider, KeyRow.DisplayNameOf(provider), entry, entry is null ? deleted.FirstOrDefault(d => d.Provider == provider) : null, versions));
        }

        return rows;
    }

    private static string ChangedElsewhere(int? current) => current is { } version
        ? $"This key was changed elsewhere (now version {version}). Reload the page to see it, then try again."
        : "This key was deleted elsewhere. Reload the page to see it, then try again.";

    /// <summary>The precondition a form's hidden version makes; none for a key the form saw no version of.</summary>
    private static VersionPrecondition? IfMatch(int? version) => version is > 0 ? new VersionPrecondition(false, [version.Value]) : null;

    /// <summary>The grain's message without the " (Parameter 'value')" that <see cref="ArgumentException.Message"/> appends.</summary>
    private static string WithoutParameterName(ArgumentException exception)
    {
        var suffix = exception.ParamName is { } name ? $" (Parameter '{name}')" : null;
        return suffix is not null && exception.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? exception.Message[..^suffix.Length]
            : exception.Message;
    }
}
