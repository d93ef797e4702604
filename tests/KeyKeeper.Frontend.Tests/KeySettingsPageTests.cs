using System.Net;
using System.Text.RegularExpressions;
using KeyKeeper.Frontend.Pages.Settings;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Testing;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The API keys page, driven like a browser without JavaScript against the real silo and database.</summary>
[Collection(AppCollection.Name)]
public sealed partial class KeySettingsPageTests(AppFixture fixture) : IDisposable
{
    public const string Path = "/settings/keys";

    private readonly HttpClient _api = fixture.CreateClient();
    private readonly Browser _browser = new();

    [Fact]
    public async Task ASavedKeyIsShownMaskedAndItsValueNeverComesBack()
    {
        var site = await SignInAsync();
        var value = NewKey("sk-proj-");

        var save = await HtmlForm.ForProvider(await GetPageAsync(site), "openai").SubmitAsync(site, ("value", value));

        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal($"{Path}#key-openai", save.Headers.Location?.OriginalString);
        var page = await GetPageAsync(site);
        Assert.Contains("Saved openai (version 1).", page);
        Assert.Equal(KeyMask.Mask(value), MaskedIn(page, "openai"));
        Assert.Equal(string.Empty, HtmlForm.ForProvider(page, "openai").Fields["value"]);
        Assert.DoesNotContain(value, page);

        // Every load asks the grain: the masked key is there again, the one-shot status is not.
        var reloaded = await GetPageAsync(site);
        Assert.Equal(KeyMask.Mask(value), MaskedIn(reloaded, "openai"));
        Assert.DoesNotContain("Saved openai", reloaded);
        Assert.DoesNotContain(value, reloaded);
    }

    [Fact]
    public async Task EveryCatalogueProviderHasAFormWithAValueInputAndASubmitButton()
    {
        var site = await SignInAsync();
        var page = await GetPageAsync(site);

        foreach (var provider in ProviderCatalogue.Providers)
        {
            var form = HtmlForm.ForProvider(page, provider.Name);
            Assert.True(form.Fields.ContainsKey("value"), $"No value input for {provider.Name}");
            Assert.Contains("type=\"submit\"", form.Body);
        }
    }

    [Fact]
    public async Task AKeyOfAnotherProviderOrAMaskedKeyIsRefusedNextToTheFieldAndWhatWasTypedIsKept()
    {
        var site = await SignInAsync();
        var anthropic = NewKey("sk-ant-api03-");

        var wrong = await HtmlForm.ForProvider(await GetPageAsync(site), "openai").SubmitAsync(site, ("value", anthropic));

        var html = await AssertPageAsync(wrong, HttpStatusCode.BadRequest);
        Assert.True(KeyValue.TryNormalizeFor("anthropic", anthropic, out _, out _));
        Assert.False(KeyValue.TryNormalizeFor("openai", anthropic, out _, out var expected));
        Assert.Equal(expected, HtmlForm.TextOf(html, "problem-openai"));
        Assert.Equal(anthropic, HtmlForm.ForProvider(html, "openai").Fields["value"]);
        Assert.Null(MaskedIn(html, "openai"));
        Assert.Null(MaskedIn(await GetPageAsync(site), "openai"));

        // The masked value copied from the page and pasted back is not a key either.
        var value = NewKey("sk-proj-");
        await SaveAsync(site, "openai", value);
        var masked = KeyMask.Mask(value);
        var pasted = await HtmlForm.ForProvider(await GetPageAsync(site), "openai").SubmitAsync(site, ("value", masked));

        html = await AssertPageAsync(pasted, HttpStatusCode.BadRequest);
        Assert.Contains("This is a masked value", HtmlForm.TextOf(html, "problem-openai"));
        Assert.Equal(masked, HtmlForm.ForProvider(html, "openai").Fields["value"]);
        Assert.DoesNotContain(value, html);
        Assert.Contains("Version 1 ·", Row(await GetPageAsync(site), "openai"));
    }

    [Fact]
    public async Task ASaveFromAStaleTabIsRefusedAsChangedElsewhere()
    {
        var site = await SignInAsync();
        var (first, second) = (NewKey("sk-proj-"), NewKey("sk-proj-"));

        // Two tabs opened before there was a key, then two opened on version 1.
        var (tabA, tabB) = (await GetPageAsync(site), await GetPageAsync(site));
        Assert.Equal(HttpStatusCode.Redirect, (await HtmlForm.ForProvider(tabA, "openai").SubmitAsync(site, ("value", first))).StatusCode);
        var staleCreate = await HtmlForm.ForProvider(tabB, "openai").SubmitAsync(site, ("value", second));

        var html = await AssertPageAsync(staleCreate, HttpStatusCode.PreconditionFailed);
        Assert.Equal("The key was changed elsewhere: it is now at version 1. Reload it and try again.", HtmlForm.TextOf(html, "problem-openai"));
        Assert.Equal(second, HtmlForm.ForProvider(html, "openai").Fields["value"]);

        var (tabC, tabD) = (await GetPageAsync(site), await GetPageAsync(site));
        Assert.Equal(HttpStatusCode.Redirect, (await HtmlForm.ForProvider(tabC, "openai").SubmitAsync(site, ("value", second))).StatusCode);
        var staleReplace = await HtmlForm.ForProvider(tabD, "openai").SubmitAsync(site, ("value", first));

        html = await AssertPageAsync(staleReplace, HttpStatusCode.PreconditionFailed);
        Assert.Contains("changed elsewhere: it is now at version 2", HtmlForm.TextOf(html, "problem-openai"));
        Assert.Equal(first, HtmlForm.ForProvider(html, "openai").Fields["value"]);
        Assert.Equal(KeyMask.Mask(second), MaskedIn(await GetPageAsync(site), "openai"));
    }

    [Fact]
    public async Task DeleteAsksForConfirmationAndUndoBringsTheKeyBack()
    {
        var site = await SignInAsync();
        var value = NewKey("gsk_");
        await SaveAsync(site, "groq", value);
        var page = await GetPageAsync(site);
        Assert.Matches(@"<details class=""confirm"">\s*<summary>Delete", Row(page, "groq"));

        var delete = await HtmlForm.Find(page, "Delete", "groq").SubmitAsync(site);

        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        page = await GetPageAsync(site);
        Assert.Null(MaskedIn(page, "groq"));
        Assert.Contains("Deleted —", Row(page, "groq"));

        var undo = await HtmlForm.Find(page, "Undelete", "groq").SubmitAsync(site);

        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        page = await GetPageAsync(site);
        Assert.Contains("Brought groq back (version 1).", page);
        Assert.Equal(KeyMask.Mask(value), MaskedIn(page, "groq"));
        Assert.DoesNotContain("Deleted —", Row(page, "groq"));
    }

    [Fact]
    public async Task HistoryListsTheVersionsAndRestoreSavesAnOldOneAsANewVersion()
    {
        var site = await SignInAsync();
        var (first, second) = (NewKey("sk-ant-api03-"), NewKey("sk-ant-api03-"));
        await SaveAsync(site, "anthropic", first);
        await SaveAsync(site, "anthropic", second);
        var page = await GetPageAsync(site);
        var row = Row(page, "anthropic");
        Assert.Contains(KeyMask.Mask(first), row);
        Assert.Contains(KeyMask.Mask(second), row);

        var restore = await HtmlForm.Find(page, "Restore", "anthropic", form => form.Fields["number"] == "1").SubmitAsync(site);

        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        page = await GetPageAsync(site);
        Assert.Contains("Restored anthropic version 1 as version 3.", page);
        Assert.Equal(KeyMask.Mask(first), MaskedIn(page, "anthropic"));
        Assert.Contains("restored from version 1", Row(page, "anthropic"));
        Assert.Equal("3", HtmlForm.ForProvider(page, "anthropic").Fields["version"]);
    }

    [Fact]
    public async Task RevealShowsTheValueInThatResponseOnlyUncachedAndAudited()
    {
        var site = await SignInAsync();
        var value = NewKey("sk-proj-");
        await SaveAsync(site, "openai", value);

        var reveal = await HtmlForm.Find(await GetPageAsync(site), "Reveal", "openai").SubmitAsync(site);

        var html = await AssertPageAsync(reveal, HttpStatusCode.OK);
        Assert.True(reveal.Headers.CacheControl?.NoStore, $"Cache-Control: {reveal.Headers.CacheControl}");
        Assert.Matches($@"<output data-revealed[^>]*>{value}</output>", html);
        Assert.Contains("Shown once; reload to hide.", html);
        Assert.DoesNotContain(value, await GetPageAsync(site));
        var audit = await site.GetAsync("/audit?provider=openai");
        Assert.Matches(@"<tr data-action=""revealed""", await audit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnotherProviderIsAddedWithItsOwnRowAndAnExistingOneIsNotOverwritten()
    {
        var site = await SignInAsync();
        var value = NewKey("mistral-");

        var add = await AddFormOf(await GetPageAsync(site)).SubmitAsync(site, ("provider", "Mistral"), ("value", value));

        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        var page = await GetPageAsync(site);
        Assert.Equal(KeyMask.Mask(value), MaskedIn(page, "mistral"));
        Assert.Equal(string.Empty, HtmlForm.ForProvider(page, "mistral").Fields["value"]);

        var again = await AddFormOf(page).SubmitAsync(site, ("provider", "mistral"), ("value", NewKey("x-")));

        var html = await AssertPageAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("There is already a mistral key: replace it in its own row.", HtmlForm.TextOf(html, "problem-add"));
        var invalid = await AddFormOf(page).SubmitAsync(site, ("provider", "no spaces"), ("value", value));
        html = await AssertPageAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Equal(ProviderName.Rule, HtmlForm.TextOf(html, "problem-add"));
        Assert.Equal("no spaces", Assert.Single(AddForms(html)).Fields["provider"]);
    }

    [Fact]
    public async Task EveryInputAPersonFillsInHasALabel()
    {
        var site = await SignInAsync();
        await SaveAsync(site, "openai", NewKey("sk-proj-"));
        await SaveAsync(site, "openai", NewKey("sk-proj-"));
        await SaveAsync(site, "groq", NewKey("gsk_"));
        await HtmlForm.Find(await GetPageAsync(site), "Delete", "groq").SubmitAsync(site);

        foreach (var path in new[] { Path, "/audit" })
        {
            var html = await (await site.GetAsync(path)).Content.ReadAsStringAsync();
            var labelled = HtmlForm.Tags(html, "label").Select(label => label.GetValueOrDefault("for")).OfType<string>().ToHashSet();
            var inputs = HtmlForm.Tags(html, "input").Where(input => input.GetValueOrDefault("type") != "hidden").ToList();
            Assert.NotEmpty(inputs);
            foreach (var input in inputs)
            {
                Assert.True(input.TryGetValue("id", out var id) && labelled.Contains(id) || input.ContainsKey("aria-label"),
                    $"{path}: an input without a label: {string.Join(' ', input.Select(a => $"{a.Key}=\"{a.Value}\""))}");
            }

            Assert.Equal(inputs.Count, inputs.Select(input => input["id"]).Distinct().Count());
        }
    }

    [Fact]
    public async Task WhileTheSiloIsDownSavingSaysTryAgainAndKeepsWhatWasTyped()
    {
        var site = await SignInAsync();
        var value = NewKey("sk-proj-");
        var form = HtmlForm.ForProvider(await GetPageAsync(site), "openai");

        await fixture.StopSiloAsync();
        HttpResponseMessage save;
        try
        {
            save = await form.SubmitAsync(site, ("value", value));
        }
        finally
        {
            await fixture.StartSiloAsync();
        }

        var html = await AssertPageAsync(save, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(KeysModel.UnavailableFieldMessage, HtmlForm.TextOf(html, "problem-openai"));
        Assert.Equal(value, HtmlForm.ForProvider(html, "openai").Fields["value"]);
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain(" at ", html);
        await fixture.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        Assert.Null(MaskedIn(await GetPageAsync(site), "openai"));
    }

    public void Dispose()
    {
        _browser.Dispose();
        _api.Dispose();
    }

    private async Task<HttpClient> SignInAsync() =>
        (await PageUser.SignUpAndSignInAsync(_browser, _api, fixture.FrontendAddress)).Site;

    /// <summary>A made-up key of a provider's shape, known to the leak detector so no log line may hold it.</summary>
    private static string NewKey(string prefix)
    {
        var value = $"{prefix}{Guid.NewGuid():N}{Guid.NewGuid():N}";
        LogLeakDetector.Shared.RegisterValue(value);
        return value;
    }

    private static async Task<string> GetPageAsync(HttpClient site)
    {
        var page = await site.GetAsync(Path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {Path}: {(int)page.StatusCode} {page.Headers.Location} {html}");
        Assert.True(page.Headers.CacheControl?.NoStore, $"Cache-Control: {page.Headers.CacheControl}");
        return html;
    }

    private static async Task SaveAsync(HttpClient site, string provider, string value)
    {
        var save = await HtmlForm.ForProvider(await GetPageAsync(site), provider).SubmitAsync(site, ("value", value));
        Assert.True(save.StatusCode == HttpStatusCode.Redirect, $"Saving {provider}: {(int)save.StatusCode} {await save.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> AssertPageAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode} {response.Headers.Location}: {html}");
        Assert.Contains("<h1>API keys</h1>", html);
        return html;
    }

    private static IEnumerable<HtmlForm> AddForms(string html) => HtmlForm.All(html).Where(form => form.Action.EndsWith("handler=Add", StringComparison.Ordinal));

    private static HtmlForm AddFormOf(string html) => Assert.Single(AddForms(html));

    /// <summary>The HTML of a provider's row, character references decoded.</summary>
    private static string Row(string html, string provider)
    {
        var match = Regex.Match(html, $@"<tr id=""key-{provider}"">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"No row for {provider}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The masked key a provider's row shows in its <c>data-masked</c> element; null when it shows none.</summary>
    private static string? MaskedIn(string html, string provider)
    {
        var match = MaskedPattern().Match(Row(html, provider));
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<[^>]*\bdata-masked\b[^>]*>([^<]*)<")]
    private static partial Regex MaskedPattern();
}
