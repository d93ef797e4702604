using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;
using static KeyKeeper.Frontend.Tests.PageSteps;
using static Microsoft.Playwright.Assertions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>Sign-up, 2FA enrolment and the login code step in a real browser.</summary>
[Collection(AppCollection.Name)]
public sealed class TwoFactorBrowserTests(AppFixture fixture, ChromiumFixture chromium)
{
    [Fact]
    public async Task SignUpEnrolTwoFactorThenAWrongCodeIsRefusedAndTheNextCodeSignsIn()
    {
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var name = $"browser-2fa-{Guid.NewGuid():N}";

        await SignUpAsync(page, name);
        var secret = await EnrolAsync(page);
        await SignOutAsync(page);

        await SubmitPasswordAsync(page, fixture.FrontendAddress, name);

        await EnterCodeAsync(page, WrongCode(secret));
        await Expect(Message(page, "code")).ToBeVisibleAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Name == Browser.SessionCookieName);

        // The confirm step used this time step's code, and a code is never accepted twice: the next step's.
        await EnterCodeAsync(page, Authenticator(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await ExpectSignedInAsync(page, name);
    }

    private async Task SignUpAsync(IPage page, string name)
    {
        await page.GotoAsync(At(fixture.FrontendAddress, "/signup").ToString());
        await page.Locator("input[name=username]").FillAsync(name);
        // The password and its confirmation.
        foreach (var password in await page.Locator("input[type=password]").AllAsync())
        {
            await password.FillAsync(ApiClient.Password);
        }

        await SubmitButton(FormWith(page, "input[name=username]")).ClickAsync();
        // Signing up signs in at once.
        await ExpectSignedInAsync(page, name);
    }

    /// <summary>Turns 2FA on in <c>/account</c>: reads the secret shown beside the QR code, confirms with a code, sees the recovery codes.</summary>
    private async Task<string> EnrolAsync(IPage page)
    {
        await page.GotoAsync(At(fixture.FrontendAddress, "/account").ToString());
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("turn on two-factor", RegexOptions.IgnoreCase) }).ClickAsync();

        var secretElement = page.Locator("#totp-secret");
        await Expect(secretElement).ToBeVisibleAsync();
        var secret = Regex.Replace(await secretElement.InnerTextAsync(), @"\s", "");
        Assert.Matches("^[A-Z2-7]+=*$", secret);
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("QR code", RegexOptions.IgnoreCase) })).ToBeVisibleAsync();

        var confirm = FormWith(page, "input[name=code]");
        await confirm.Locator("input[name=password]").FillAsync(ApiClient.Password);
        await confirm.Locator("input[name=code]").FillAsync(Authenticator(secret).ComputeTotp(DateTime.UtcNow));
        await SubmitButton(confirm).ClickAsync();

        await Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        return secret;
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.Locator("header").GetByRole(AriaRole.Button, new() { NameRegex = new Regex("sign out|log out", RegexOptions.IgnoreCase) }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login"));
    }

    /// <summary>The code step: a form with the <c>totp</c> input and no password (the page keeps it).</summary>
    private static async Task EnterCodeAsync(IPage page, string code)
    {
        await Expect(page.Locator("input[name=password]")).ToHaveCountAsync(0);
        await page.Locator("input[name=totp]").FillAsync(code);
        await SubmitButton(FormWith(page, "input[name=totp]")).ClickAsync();
    }

    private static Totp Authenticator(string secret) => new(Base32Encoding.ToBytes(secret));

    /// <summary>Six digits that are no code of the steps the server accepts now (one either way, and the next).</summary>
    private static string WrongCode(string secret)
    {
        var authenticator = Authenticator(secret);
        var valid = new[] { -30, 0, 30, 60 }.Select(seconds => authenticator.ComputeTotp(DateTime.UtcNow.AddSeconds(seconds))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(candidate => !valid.Contains(candidate));
    }
}
