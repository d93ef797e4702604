using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;
using Microsoft.Playwright;
using OpenAI.Chat;
using static KeyKeeper.Frontend.Tests.PageSteps;
using static Microsoft.Playwright.Assertions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The account page's connected apps in Chromium: an app's use through the gateway is shown with
/// its chart, its limits are edited and it is revoked from the page; a screenshot is saved as
/// <c>connected-apps.png</c>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ConnectedAppsBrowserTests(AppFixture fixture, ChromiumFixture chromium)
{
    [Fact]
    public async Task AnAppsUseIsShownItsLimitsAreEditedAndItIsRevokedOnThePage()
    {
        var gateway = await fixture.GatewayAsync();
        using var api = fixture.CreateClient();
        var (name, session) = await SignUpThroughApiAsync(api, "grace");
        await api.SaveKeyAsync(session, "openai", NewOpenAiKey());
        using var created = await api.SendAsync(HttpMethod.Post, "/api/account/app-tokens", session, new
        {
            name = "research-assistant", providers = new[] { "openai" }, expiresAt = DateTimeOffset.UtcNow.AddDays(30), password = ApiClient.Password,
            limits = new { requestsPerMinute = 60, models = new[] { "stand-in-*" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var appToken = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var chat = gateway.Chat(appToken);
        for (var i = 0; i < 3; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage("Hi")]);
        }

        await GatewayFixture.WaitUntilCountedAsync(api, session, 3);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await LogInAsync(page, fixture.FrontendAddress, name);
        await page.GotoAsync(At(fixture.FrontendAddress, "/account").ToString());

        var app = page.Locator("article.connected-app").Filter(new() { HasText = "research-assistant" });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connected apps" })).ToBeVisibleAsync();
        await Expect(app).ToContainTextAsync("3 requests, 54 tokens");
        await Expect(app).ToContainTextAsync("60 requests a minute");
        await Expect(app.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        Assert.Equal(1, await app.Locator("svg rect[height]:not([height='0'])").CountAsync());

        await app.Locator("summary").ClickAsync();
        await app.GetByLabel("Tokens a day").FillAsync("abc");
        await SubmitButton(app.Locator("form").Filter(new() { Has = page.Locator("input[name=tokensPerDay]") })).ClickAsync();
        await Expect(page.Locator("article.connected-app").Filter(new() { HasText = "research-assistant" })).ToContainTextAsync("A whole number");
        app = page.Locator("article.connected-app").Filter(new() { HasText = "research-assistant" });
        await app.GetByLabel("Requests a minute").FillAsync("5");
        await app.GetByLabel("Tokens a day").FillAsync("100000");
        await SubmitButton(app.Locator("form").Filter(new() { Has = page.Locator("input[name=tokensPerDay]") })).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The limits of “research-assistant” were changed");
        await Expect(app).ToContainTextAsync("5 requests a minute");
        await Expect(app).ToContainTextAsync("100,000 tokens a day");
        await Expect(app).ToContainTextAsync("models: stand-in-*");
        var screenshot = await Screenshots.CaptureAsync(page, "connected-apps.png");
        Assert.True(screenshot.Length > 10_000, $"{screenshot.FullName} is {screenshot.Length} bytes");

        await SubmitButton(app.Locator("form").Filter(new() { HasText = "Revoke" })).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The app token was revoked");
        await Expect(page.Locator("article.connected-app").Filter(new() { HasText = "research-assistant" })).ToHaveCountAsync(0);
        Assert.Equal(401, (await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("Hi")]))).Status);
    }
}
