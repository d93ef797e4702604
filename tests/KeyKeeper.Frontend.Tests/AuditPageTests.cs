using System.Net;
using System.Text.RegularExpressions;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The audit page: the signed-in user's trail, newest first, by provider and page by page.</summary>
[Collection(AppCollection.Name)]
public sealed partial class AuditPageTests(AppFixture fixture) : IDisposable
{
    private readonly HttpClient _api = fixture.CreateClient();
    private readonly Browser _browser = new();

    [Fact]
    public async Task TheTrailIsNewestFirstAndFiltersByProvider()
    {
        var (site, bearer) = await SignInAsync();
        await _api.SaveKeyAsync(bearer, "openai", $"sk-proj-{Guid.NewGuid():N}{Guid.NewGuid():N}");
        await _api.SaveKeyAsync(bearer, "groq", $"gsk_{Guid.NewGuid():N}{Guid.NewGuid():N}");
        await _api.SaveKeyAsync(bearer, "openai", $"sk-proj-{Guid.NewGuid():N}{Guid.NewGuid():N}");

        var all = Entries(await GetAsync(site, "/audit"));

        Assert.Equal(all.OrderByDescending(entry => entry.Id), all);
        Assert.Equal(
            [(AuditAction.Updated, "openai"), (AuditAction.Created, "groq"), (AuditAction.Created, "openai")],
            all.Take(3).Select(entry => (entry.Action, entry.Provider)));
        Assert.Contains(all, entry => entry.Action == AuditAction.SignedIn);

        var openai = Entries(await GetAsync(site, "/audit?provider=openai"));

        Assert.Equal([AuditAction.Updated, AuditAction.Created], openai.Select(entry => entry.Action));
        Assert.All(openai, entry => Assert.Equal("openai", entry.Provider));
    }

    [Fact]
    public async Task TheOlderEntriesLinkPagesThroughTheWholeTrail()
    {
        var (site, bearer) = await SignInAsync();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            await _api.SaveKeyAsync(bearer, "other", $"other-{Guid.NewGuid():N}{Guid.NewGuid():N}");
        }

        var everything = Entries(await GetAsync(site, "/audit"));
        var paged = new List<AuditRow>();
        string? next = "/audit?limit=2";
        while (next is not null)
        {
            var html = await GetAsync(site, next);
            var page = Entries(html);
            Assert.InRange(page.Count, 1, 2);
            // Every page after the first links back to the newest entries.
            Assert.Equal(paged.Count > 0, html.Contains(">Newest entries</a>", StringComparison.Ordinal));
            paged.AddRange(page);
            next = OlderLink(html);
        }

        Assert.True(everything.Count > 2, "Enough entries for more than one page");
        Assert.Equal(everything, paged);
    }

    [Fact]
    public async Task AProviderThatCannotExistIsRefusedNextToTheFilter()
    {
        var (site, _) = await SignInAsync();

        var response = await site.GetAsync("/audit?provider=not%20a%20name");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ProviderName.Rule, HtmlForm.TextOf(html, "problem-filter"));
        Assert.Equal("not a name", Assert.Single(HtmlForm.Tags(html, "input"), input => input.GetValueOrDefault("id") == "provider")["value"]);
    }

    public void Dispose()
    {
        _browser.Dispose();
        _api.Dispose();
    }

    /// <summary>A user signed in through the login page, and through the API to make entries.</summary>
    private async Task<(HttpClient Site, string Bearer)> SignInAsync()
    {
        var (name, site) = await PageUser.SignUpAndSignInAsync(_browser, _api, fixture.FrontendAddress);
        return (site, await ApiClient.LoginAsync(_api, name));
    }

    private static async Task<string> GetAsync(HttpClient site, string path)
    {
        var response = await site.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {html}");
        return html;
    }

    private static List<AuditRow> Entries(string html) =>
        [.. RowPattern().Matches(html).Select(match => new AuditRow(
            long.Parse(match.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture),
            match.Groups["action"].Value,
            WebUtility.HtmlDecode(match.Groups["provider"].Value)))];

    private static string? OlderLink(string html)
    {
        var link = HtmlForm.Tags(html, "a").SingleOrDefault(a => a.GetValueOrDefault("rel") == "next");
        return link?["href"];
    }

    private sealed record AuditRow(long Id, string Action, string Provider);

    [GeneratedRegex(@"<tr data-action=""(?<action>[^""]+)"" data-audit-id=""(?<id>\d+)"">.*?<td data-label=""Provider"">(?<provider>[^<]*)</td>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
