using Microsoft.Playwright;
using static KeyKeeper.Frontend.Tests.PageSteps;
using static Microsoft.Playwright.Assertions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The <c>/settings/keys</c> page in a real browser, against the real silo and database.</summary>
[Collection(AppCollection.Name)]
public sealed class KeySettingsBrowserTests(AppFixture fixture, ChromiumFixture chromium) : IDisposable
{
    private readonly HttpClient _api = fixture.CreateClient();

    /// <summary>The old app's manual test: save, hard reload, see the new key; five times; then restart everything.</summary>
    [Fact]
    public async Task ASavedKeyIsShownAfterEveryReloadAndAfterRestartingTheSiloAndTheFrontend()
    {
        var (name, token) = await SignUpThroughApiAsync(_api, "browser-seed");
        await using var context = await chromium.NewContextAsync();
        var page = await OpenSettingsAsync(context, name);
        var settings = page.Url;

        var value = "";
        for (var i = 0; i < 5; i++)
        {
            value = NewOpenAiKey();
            await SubmitKeyAsync(page, "openai", value);
            await Expect(MaskedValue(page, "openai")).ToHaveTextAsync(MaskedPattern(value));

            await page.ReloadAsync();
            await Expect(MaskedValue(page, "openai")).ToHaveTextAsync(MaskedPattern(value));
            await page.GotoAsync(settings);
            await Expect(MaskedValue(page, "openai")).ToHaveTextAsync(MaskedPattern(value));
        }

        await fixture.RestartSiloAsync();
        await fixture.RestartFrontendAsync();
        await fixture.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));

        // A new port, the same host: the session cookie still applies.
        await page.GotoAsync(At(fixture.FrontendAddress, "/settings/keys").ToString());
        await ExpectSignedInAsync(page, name);
        await Expect(MaskedValue(page, "openai")).ToHaveTextAsync(MaskedPattern(value));
        using var api = fixture.CreateClient();
        Assert.Equal(value, await RevealAsync(api, token, "openai"));
    }

    [Fact]
    public async Task TwoBrowsersEditingOneKeyTheSecondIsToldItChangedElsewhere()
    {
        var (name, token) = await SignUpThroughApiAsync(_api, "browser-race");
        var original = NewOpenAiKey();
        await _api.SaveKeyAsync(token, "openai", original);
        await using var firstContext = await chromium.NewContextAsync();
        await using var secondContext = await chromium.NewContextAsync();
        var first = await OpenSettingsAsync(firstContext, name);
        var second = await OpenSettingsAsync(secondContext, name);
        await Expect(MaskedValue(first, "openai")).ToHaveTextAsync(MaskedPattern(original));
        await Expect(MaskedValue(second, "openai")).ToHaveTextAsync(MaskedPattern(original));

        var firstValue = NewOpenAiKey();
        await SubmitKeyAsync(first, "openai", firstValue);
        await Expect(MaskedValue(first, "openai")).ToHaveTextAsync(MaskedPattern(firstValue));
        // The second page still holds the version it was rendered with.
        await SubmitKeyAsync(second, "openai", NewOpenAiKey());

        await Expect(Message(second, "changed elsewhere")).ToBeVisibleAsync();
        Assert.Equal(firstValue, await RevealAsync(_api, token, "openai"));
        await second.ReloadAsync();
        await Expect(MaskedValue(second, "openai")).ToHaveTextAsync(MaskedPattern(firstValue));
    }

    [Fact]
    public async Task AMaskedValuePastedBackIsRefusedAndTheKeyIsUnchanged()
    {
        var (name, token) = await SignUpThroughApiAsync(_api, "browser-mask");
        await using var context = await chromium.NewContextAsync();
        var page = await OpenSettingsAsync(context, name);
        var value = NewOpenAiKey();
        await SubmitKeyAsync(page, "openai", value);
        await Expect(MaskedValue(page, "openai")).ToHaveTextAsync(MaskedPattern(value));

        var masked = (await MaskedValue(page, "openai").InnerTextAsync()).Trim();
        await SubmitKeyAsync(page, "openai", masked);

        await Expect(Message(page, "masked")).ToBeVisibleAsync();
        Assert.Equal(value, await RevealAsync(_api, token, "openai"));
        await page.GotoAsync(At(fixture.FrontendAddress, "/settings/keys").ToString());
        await Expect(MaskedValue(page, "openai")).ToHaveTextAsync(MaskedPattern(value));
    }

    public void Dispose() => _api.Dispose();

    /// <summary>A page of the context, signed in through <c>/login</c> and on <c>/settings/keys</c>.</summary>
    private async Task<IPage> OpenSettingsAsync(IBrowserContext context, string name)
    {
        var page = await context.NewPageAsync();
        await LogInAsync(page, fixture.FrontendAddress, name);
        await page.GotoAsync(At(fixture.FrontendAddress, "/settings/keys").ToString());
        return page;
    }
}
