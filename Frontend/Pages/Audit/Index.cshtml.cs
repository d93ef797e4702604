using System.Globalization;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace KeyKeeper.Frontend.Pages.Audit;

/// <summary>The user's audit trail, newest first: filtered by provider, paged with the grain's cursor.</summary>
public sealed class IndexModel(IGrainFactory grains) : SignedInPageModel(grains), IShowsRefusals
{
    [BindProperty(SupportsGet = true)]
    public string? Provider { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Limit { get; set; }

    public AuditPage? Entries { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Provider = string.IsNullOrWhiteSpace(Provider) ? null : Provider.Trim().ToLowerInvariant();
        // What was typed is parsed here; a name that cannot be one is refused next to the filter (PageErrorFilter).
        ProviderName? provider = Provider is null ? null : ProviderName.Parse(Provider, CultureInfo.InvariantCulture);
        Problem = Limit is < 1 or > AuditQuery.MaxLimit ? $"Show 1 to {AuditQuery.MaxLimit} entries per page."
            : Before is < 1 || !ModelState.IsValid ? "That page link is not valid: start again from the newest entries."
            : null;
        if (Problem is not null)
        {
            return Refused(StatusCodes.Status400BadRequest);
        }

        Entries = await Grain.GetAuditAsync(Credentials, new AuditQuery(provider?.Value, From: null, To: null, Limit ?? AuditQuery.DefaultLimit, Before));
        return Page();
    }

    public Task<IActionResult?> ShowRefusalAsync(KeyKeeperException refusal, int status)
    {
        Problem = refusal.Message;
        return Task.FromResult<IActionResult?>(Refused(status));
    }

    private PageResult Refused(int status)
    {
        var refused = Page();
        refused.StatusCode = status;
        return refused;
    }
}
