using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using KeyKeeper.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// What a user does in the pages, through the issue's stable hooks only: the paths, the inputs
/// named <c>username</c>, <c>password</c>, <c>totp</c> and <c>value</c>, one
/// <c>form[data-provider]</c> per provider and the <c>[data-masked]</c> value.
/// </summary>
public static class PageSteps
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new OpenAI-shaped key (<c>sk-proj-</c> and 48 random alphanumerics), registered with the leak detector.</summary>
    public static string NewOpenAiKey() => Registered("sk-proj-" + RandomNumberGenerator.GetString(Alphanumerics, 48));

    /// <summary>What the page shows for a value: its first 8 and last 4 characters around the mask.</summary>
    public static Regex MaskedPattern(string value) =>
        new($@"^\s*{Regex.Escape(value[..8])}•+{Regex.Escape(value[^4..])}\s*$");

    public static Uri At(Uri site, string path) => new(site, path);

    /// <summary>A user made through the API (set-up, not the subject), with a bearer token for checks.</summary>
    public static async Task<(string Name, string Token)> SignUpThroughApiAsync(HttpClient api, string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        return (name, await ApiClient.SignUpAndLoginAsync(api, name));
    }

    /// <summary>Signs in through <c>/login</c> (a user without 2FA).</summary>
    public static async Task LogInAsync(IPage page, Uri site, string name)
    {
        await SubmitPasswordAsync(page, site, name);
        await ExpectSignedInAsync(page, name);
    }

    /// <summary>The first step of <c>/login</c>: username and password.</summary>
    public static async Task SubmitPasswordAsync(IPage page, Uri site, string name)
    {
        await page.GotoAsync(At(site, "/login").ToString());
        await page.Locator("input[name=username]").FillAsync(name);
        await page.Locator("input[name=password]").FillAsync(ApiClient.Password);
        await SubmitButton(FormWith(page, "input[name=password]")).ClickAsync();
    }

    /// <summary>The page is past the sign-in steps and the header names the user.</summary>
    public static async Task ExpectSignedInAsync(IPage page, string name)
    {
        await Expect(page).Not.ToHaveURLAsync(new Regex("/(login|signup)([?#]|$)"));
        await Expect(page.Locator("header")).ToContainTextAsync(name);
    }

    /// <summary>The provider's form on <c>/settings/keys</c>.</summary>
    public static ILocator ProviderForm(IPage page, string provider) => page.Locator($"form[data-provider=\"{provider}\"]");

    /// <summary>The masked value shown for the provider, in the table row that holds its form.</summary>
    public static ILocator MaskedValue(IPage page, string provider) =>
        page.Locator("tr").Filter(new() { Has = ProviderForm(page, provider) }).Locator("[data-masked]");

    /// <summary>Fills the provider's <c>value</c> input and submits its form.</summary>
    public static async Task SubmitKeyAsync(IPage page, string provider, string value)
    {
        var form = ProviderForm(page, provider);
        await form.Locator("[name=value]").FillAsync(value);
        await SubmitButton(form).ClickAsync();
    }

    /// <summary>The alert (or status) message in the page that contains <paramref name="text"/>.</summary>
    public static ILocator Message(IPage page, string text) =>
        page.Locator("[role=alert], [role=status]").Filter(new() { HasTextRegex = new Regex(Regex.Escape(text), RegexOptions.IgnoreCase) });

    public static ILocator FormWith(IPage page, string selector) => page.Locator("form").Filter(new() { Has = page.Locator(selector) });

    /// <summary>A form's first submit button (a button without a type submits).</summary>
    public static ILocator SubmitButton(ILocator form) =>
        form.Locator("button:not([type]), button[type=submit], input[type=submit]").First;

    /// <summary>The value stored for the provider, read through the API (audited as a reveal).</summary>
    public static async Task<string?> RevealAsync(HttpClient api, string token, string provider)
    {
        var response = await api.SendAsync(HttpMethod.Post, $"/api/keys/{provider}/reveal", token);
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString();
    }

    /// <summary>A value the browser will post, registered with the leak detector as the API client's are.</summary>
    public static string Registered(string value)
    {
        LogLeakDetector.Shared.RegisterValue(value);
        return value;
    }
}
