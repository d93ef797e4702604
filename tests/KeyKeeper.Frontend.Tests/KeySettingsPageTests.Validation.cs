using System.Net;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The keys page's Validate button.</summary>
public sealed partial class KeySettingsPageTests
{
    [Fact]
    public async Task TheValidateButtonChecksTheKeyAndTheRowShowsTheVerdictAndWhenItWasChecked()
    {
        var site = await SignInAsync();
        var value = NewKey("sk-proj-");
        await SaveAsync(site, "openai", value);
        Assert.DoesNotContain("checked", Row(await GetPageAsync(site), "openai"), StringComparison.Ordinal);
        fixture.Provider.Answer(value, 200);

        var validate = await HtmlForm.Find(await GetPageAsync(site), "Validate", "openai").SubmitAsync(site);

        Assert.Equal(HttpStatusCode.Redirect, validate.StatusCode);
        Assert.Equal($"{Path}#key-openai", validate.Headers.Location?.OriginalString);
        var page = await GetPageAsync(site);
        Assert.Contains("Checked openai with the provider: valid.", page);
        Assert.Matches(@"valid</span>,\s+checked <time [^>]+>just now</time>", Row(page, "openai"));

        fixture.Provider.Answer(value, 401);
        await HtmlForm.Find(page, "Validate", "openai").SubmitAsync(site);
        var revoked = Row(await GetPageAsync(site), "openai");
        Assert.Matches(@"revoked</span>,\s+checked <time [^>]+>just now</time>\s+· last valid <time [^>]+>just now</time>", revoked);
        Assert.DoesNotContain(value, revoked);
    }
}
