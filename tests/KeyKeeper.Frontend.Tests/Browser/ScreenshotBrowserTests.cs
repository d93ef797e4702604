using KeyKeeper.Testing;
using Microsoft.Playwright;
using static KeyKeeper.Frontend.Tests.PageSteps;
using static Microsoft.Playwright.Assertions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// Full-page screenshots of the key settings and audit pages for a user with a few keys (one of
/// them validated), saved to <c>KEYKEEPER_SCREENSHOTS</c> (default <c>TestResults/screenshots</c>
/// under the repository).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ScreenshotBrowserTests(AppFixture fixture, ChromiumFixture chromium)
{
    [Fact]
    public async Task TheSettingsAndAuditPagesAreCapturedWithAFewKeys()
    {
        using var api = fixture.CreateClient();
        var (name, token) = await SignUpThroughApiAsync(api, "ada");
        await api.SaveKeyAsync(token, "openai", NewOpenAiKey());
        await api.SaveKeyAsync(token, "anthropic", Registered("sk-ant-api03-" + NewOpenAiKey()[8..]));
        await api.SaveKeyAsync(token, "groq", Registered("gsk_" + NewOpenAiKey()[8..]));
        var openAi = NewOpenAiKey();
        await api.SaveKeyAsync(token, "openai", openAi);
        // The current OpenAI key is checked with the stand-in provider, so the picture shows a verdict.
        fixture.Provider.Answer(openAi, 200);
        using var validated = await api.SendAsync(HttpMethod.Post, "/api/keys/openai/validate", token);
        validated.EnsureSuccessStatusCode();
        await RevealAsync(api, token, "groq");
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await LogInAsync(page, fixture.FrontendAddress, name);

        await page.GotoAsync(At(fixture.FrontendAddress, "/settings/keys").ToString());
        await Expect(MaskedValue(page, "groq")).ToBeVisibleAsync();
        await Expect(page.Locator("#key-openai")).ToContainTextAsync("checked");
        var settings = await Screenshots.CaptureAsync(page, "settings-keys.png");
        await page.GotoAsync(At(fixture.FrontendAddress, "/audit").ToString());
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("anthropic");
        var audit = await Screenshots.CaptureAsync(page, "audit.png");

        Assert.True(settings.Length > 10_000, $"{settings.FullName} is {settings.Length} bytes");
        Assert.True(audit.Length > 10_000, $"{audit.FullName} is {audit.Length} bytes");
    }
}
