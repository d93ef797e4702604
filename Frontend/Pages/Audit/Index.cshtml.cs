using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages.Audit;

/// <summary>The user's audit trail, newest first: filtered by provider, paged with the grain's cursor.</summary>
public sealed class IndexModel(IGrainFactory grains) : SignedInPageModel(grains)
{
    [BindProperty(SupportsGet = true)]
    public string? Provider { get; set; }

    /// <summary>The previous page's <see cref="AuditPage.NextBefore"/>; null for the newest entries.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Limit { get; set; }

    public AuditPage? Entries { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Provider = string.IsNullOrWhiteSpace(Provider) ? null : Provider.Trim().ToLowerInvariant();
        Problem = Provider is not null && !ProviderName.IsValid(Provider) ? ProviderName.Rule
            : Limit is < 1 or > AuditQuery.MaxLimit ? $"Show 1 to {AuditQuery.MaxLimit} entries per page."
            : Before is < 1 || !ModelState.IsValid ? "That page link is not valid: start again from the newest entries."
            : null;
        if (Problem is not null)
        {
            var refused = Page();
            refused.StatusCode = StatusCodes.Status400BadRequest;
            return refused;
        }

        Entries = await Grain.GetAuditAsync(Credentials, new AuditQuery(Provider, From: null, To: null, Limit ?? AuditQuery.DefaultLimit, Before));
        return Page();
    }
}
