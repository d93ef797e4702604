using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OtpNet;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// Sign-up, the login's 2FA code step and the account page's 2FA, app tokens and password forms,
/// driven like a browser without JavaScript against the real silo and database.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class AccountSecurityPagesTests(AppFixture fixture) : IDisposable
{
    private const string LoginStepCookieName = "kk.login-step";
    private const string NewPassword = "amber lantern orchard 77";

    private readonly HttpClient _api = fixture.CreateClient();
    private readonly Browser _browser = new();

    [Fact]
    public async Task SignUpPageCreatesTheAccountSignsInAndGoesToTheKeysPage()
    {
        var name = $"signup-{Guid.NewGuid():N}";
        var site = _browser.On(fixture.FrontendAddress);

        var signUp = await SignUpOnPageAsync(site, name, ApiClient.Password, ApiClient.Password, email: "ada@example.com");

        Assert.Equal(HttpStatusCode.Redirect, signUp.StatusCode);
        Assert.Equal("/settings/keys", signUp.Headers.Location?.OriginalString);
        Assert.NotNull(_browser.SessionCookie(fixture.FrontendAddress));
        Assert.Contains($"Signed in as <strong>{name}</strong>", await (await site.GetAsync("/account")).Content.ReadAsStringAsync());
        Assert.Contains("href=\"/login\"", await (await site.GetAsync("/signup")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadSignUpsShowTheApisMessagesAndCreateNothing()
    {
        var taken = $"taken-{Guid.NewGuid():N}";
        await ApiClient.SignUpAndLoginAsync(_api, taken);
        var site = _browser.On(fixture.FrontendAddress);
        var fresh = $"signup-{Guid.NewGuid():N}";

        var cases = new (string Name, string Password, string Confirm, string? Email, HttpStatusCode Status, string Message)[]
        {
            (fresh, "short", "short", null, HttpStatusCode.BadRequest, "A password has at least 12 characters."),
            (fresh, ApiClient.Password, ApiClient.Password, "not an email", HttpStatusCode.BadRequest, "The email address is not valid."),
            (fresh, ApiClient.Password, ApiClient.Password + "!", null, HttpStatusCode.BadRequest, "The two passwords are not the same."),
            ("no spaces allowed", ApiClient.Password, ApiClient.Password, null, HttpStatusCode.BadRequest, "A username may contain only letters"),
            (taken.ToUpperInvariant(), NewPassword, NewPassword, null, HttpStatusCode.Conflict, $"An account named &#x27;{taken}&#x27; already exists."),
        };
        foreach (var (name, password, confirm, email, status, message) in cases)
        {
            var response = await SignUpOnPageAsync(site, name, password, confirm, email);
            var html = await response.Content.ReadAsStringAsync();

            Assert.True(status == response.StatusCode, $"{name}/{password}/{email}: {(int)response.StatusCode}");
            Assert.Contains(message, html);
            Assert.Contains("role=\"alert\"", html);
            Assert.Contains("aria-invalid=\"true\"", html);
            Assert.DoesNotContain(ApiClient.Password, html);
            Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));
        }

        await (await LoginThroughApiAsync(fresh, ApiClient.Password)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // The taken account keeps its own password.
        await ApiClient.LoginAsync(_api, taken);
    }

    [Fact]
    public async Task TwoFactorIsTurnedOnFromTheAccountPageAndTheLoginAsksForTheCodeInASecondStep()
    {
        var (name, _, site) = await SignInTwiceAsync();
        var token = await Browser.GetFormTokenAsync(site, "/account");

        var enrol = await PostAsync(site, "/account?handler=Enrol", token);
        Assert.Equal(HttpStatusCode.OK, enrol.Response.StatusCode);
        Assert.True(enrol.Response.Headers.CacheControl?.NoStore);
        var qrCode = WebUtility.HtmlDecode(QrCodePattern().Match(enrol.Html).Groups[1].Value);
        Assert.StartsWith("data:image/svg+xml;base64,", qrCode);
        Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(qrCode[qrCode.IndexOf(',')..][1..])));
        var secret = Secret(enrol.Html);

        // A new enrolment while one is pending replaces it: only the secret shown last confirms.
        var again = await PostAsync(site, "/account?handler=Enrol", token);
        Assert.Contains("Show a new QR code", again.Html);
        var stale = secret;
        secret = Secret(again.Html);
        Assert.NotEqual(stale, secret);

        var malformed = await PostAsync(site, "/account?handler=ConfirmTwoFactor", token, ("password", ApiClient.Password), ("code", "12345"));
        AssertRefused(malformed, HttpStatusCode.BadRequest, "Enter the 6-digit code the authenticator app shows.");
        Assert.Contains("aria-describedby=\"confirm-code-error\"", malformed.Html);

        var confirmed = await PostAsync(site, "/account?handler=ConfirmTwoFactor", token, ("password", ApiClient.Password), ("code", CodeAt(secret, 0)));
        Assert.Equal(HttpStatusCode.OK, confirmed.Response.StatusCode);
        Assert.True(confirmed.Response.Headers.CacheControl?.NoStore);
        var recoveryCodes = RecoveryCodePattern().Matches(confirmed.Html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Contains("shown only now", confirmed.Html);

        // Shown once: the page does not show them again.
        var account = await (await site.GetAsync("/account")).Content.ReadAsStringAsync();
        Assert.Contains("Recovery codes left: 10", account);
        Assert.DoesNotContain(recoveryCodes[0], account);
        await LogOutAsync(site, account);

        // Username and password alone: the code step, without the password anywhere in the page.
        var step = await Browser.LogInAsync(site, site, name);
        var stepHtml = await step.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        Assert.Contains("name=\"totp\"", stepHtml);
        Assert.Contains("autocomplete=\"one-time-code\"", stepHtml);
        Assert.Contains("recovery code", stepHtml);
        Assert.DoesNotContain("name=\"password\"", stepHtml);
        Assert.DoesNotContain(ApiClient.Password, stepHtml);
        Assert.DoesNotContain(WebUtility.HtmlEncode(ApiClient.Password), stepHtml);
        var stepCookie = SetCookie(step, LoginStepCookieName);
        Assert.Contains("; httponly", stepCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", stepCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/login", stepCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(ApiClient.Password), stepCookie);
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));

        var wrong = await PostCodeStepAsync(site, stepHtml, CodeAt(secret, -3600));
        Assert.Equal(HttpStatusCode.OK, wrong.Response.StatusCode);
        Assert.Contains("The authentication code is wrong, expired or already used.", wrong.Html);
        Assert.Contains("name=\"totp\"", wrong.Html);
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));

        // The confirmation used this time step's code: the next step's code signs in.
        var signedIn = await PostCodeStepAsync(site, wrong.Html, CodeAt(secret, 30));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Response.StatusCode);
        Assert.Equal("/settings/keys", signedIn.Response.Headers.Location?.OriginalString);
        Assert.NotNull(_browser.SessionCookie(fixture.FrontendAddress));
        Assert.Null(_browser.Cookies.GetCookies(new Uri(fixture.FrontendAddress, "/login"))[LoginStepCookieName]);

        // A recovery code works in the step, with a return URL kept across it.
        await LogOutAsync(site, await (await site.GetAsync("/account")).Content.ReadAsStringAsync());
        var withReturn = await Browser.PostFormAsync(site, "/login?returnUrl=%2Faccount", Browser.LoginFields(name, ApiClient.Password, await Browser.GetFormTokenAsync(site, "/login")));
        var byRecovery = await PostCodeStepAsync(site, await withReturn.Content.ReadAsStringAsync(), recoveryCodes[0].ToUpperInvariant());
        Assert.Equal(HttpStatusCode.Redirect, byRecovery.Response.StatusCode);
        Assert.Equal("/account", byRecovery.Response.Headers.Location?.OriginalString);

        // All three fields at once sign in without a step.
        await LogOutAsync(site, await (await site.GetAsync("/account")).Content.ReadAsStringAsync());
        var fields = Browser.LoginFields(name, ApiClient.Password, await Browser.GetFormTokenAsync(site, "/login"));
        fields["totp"] = recoveryCodes[1];
        var atOnce = await Browser.PostFormAsync(site, "/login", fields);
        Assert.Equal(HttpStatusCode.Redirect, atOnce.StatusCode);
        Assert.NotNull(_browser.SessionCookie(fixture.FrontendAddress));

        // Turning it off needs the password and a code.
        var page = await (await site.GetAsync("/account")).Content.ReadAsStringAsync();
        token = Browser.FormToken(page);
        var refused = await PostAsync(site, "/account?handler=DisableTwoFactor", token, ("password", "not the password at all"), ("code", recoveryCodes[2]));
        AssertRefused(refused, HttpStatusCode.Forbidden, "two-factor authentication is still on");
        var off = await PostAsync(site, "/account?handler=DisableTwoFactor", token, ("password", ApiClient.Password), ("code", recoveryCodes[3]));
        Assert.Equal(HttpStatusCode.OK, off.Response.StatusCode);
        Assert.Contains("Two-factor authentication is off.", off.Html);
        await ApiClient.LoginAsync(_api, name);
    }

    [Fact]
    public async Task TheCodeStepsChallengeWorksOnceAndNotAfterAPasswordChange()
    {
        var name = $"page-challenge-{Guid.NewGuid():N}";
        var token = await ApiClient.SignUpAndLoginAsync(_api, name);
        var enrolment = await (await _api.SendAsync(HttpMethod.Post, "/api/account/2fa/enrol", token)).Content.ReadFromJsonAsync<JsonElement>();
        var secret = enrolment.GetProperty("secret").GetString()!;
        var confirmed = await _api.SendAsync(HttpMethod.Post, "/api/account/2fa/confirm", token, new { password = ApiClient.Password, code = CodeAt(secret, 0) });
        var recoveryCodes = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryCodes").EnumerateArray().Select(code => code.GetString()!).ToList();
        var site = _browser.On(fixture.FrontendAddress);
        var loginPath = new Uri(fixture.FrontendAddress, "/login");

        // Signed in through the step: its cookie, sent again with a right (recovery) code, opens nothing.
        var stepHtml = await (await Browser.LogInAsync(site, site, name)).Content.ReadAsStringAsync();
        var spent = _browser.Cookies.GetCookies(loginPath)[LoginStepCookieName]!.Value;
        var signedIn = await PostCodeStepAsync(site, stepHtml, CodeAt(secret, 30));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Response.StatusCode);
        await LogOutAsync(site, await (await site.GetAsync("/account")).Content.ReadAsStringAsync());
        _browser.Cookies.Add(loginPath, new Cookie(LoginStepCookieName, spent, "/login"));
        var replayed = await PostCodeStepAsync(site, stepHtml, recoveryCodes[0]);
        Assert.Contains("Enter your username and password again.", replayed.Html);
        Assert.Contains("name=\"password\"", replayed.Html);
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));

        // A step begun before a password change ends with it, even with a right code.
        var pending = await (await Browser.LogInAsync(site, site, name)).Content.ReadAsStringAsync();
        var changed = await _api.SendAsync(HttpMethod.Post, "/api/account/password", token, new { currentPassword = ApiClient.Password, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var afterChange = await PostCodeStepAsync(site, pending, recoveryCodes[1]);
        Assert.Contains("Enter your username and password again.", afterChange.Html);
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));
        var status = await (await _api.SendAsync(HttpMethod.Get, "/api/account/2fa", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(recoveryCodes.Count, status.GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task RepeatedWrongPasswordsOnTheLoginPageGet429WithTheWait()
    {
        var name = $"page-lock-{Guid.NewGuid():N}";
        await ApiClient.SignUpAndLoginAsync(_api, name);
        var site = _browser.On(fixture.FrontendAddress);
        for (var i = 0; i < 5; i++)
        {
            await Browser.LogInAsync(site, site, name, "a wrong password guess");
        }

        var locked = await Browser.LogInAsync(site, site, name);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Matches("Too many failed attempts: the account is locked\\. Try again in [0-9]+ seconds\\.", await locked.Content.ReadAsStringAsync());
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));
    }

    [Fact]
    public async Task AnAppTokenCreatedOnThePageReadsItsProvidersKeyAndIsRevokedFromThePage()
    {
        var (name, bearer, site) = await SignInTwiceAsync();
        var openai = "sk-proj-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..16];
        await _api.SaveKeyAsync(bearer, "openai", openai);
        var token = await Browser.GetFormTokenAsync(site, "/account");
        var inAMonth = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd");

        var noProviders = await PostAsync(site, "/account?handler=CreateToken", token, ("name", "chat-backend"), ("expiresOn", inAMonth));
        var tooLong = await PostAsync(site, "/account?handler=CreateToken", token, ("name", "chat-backend"), ("providers", "openai"), ("expiresOn", DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd")));
        var badName = await PostAsync(site, "/account?handler=CreateToken", token, ("name", "chat-backend"), ("otherProviders", "Not A Provider!"), ("expiresOn", inAMonth));
        AssertRefused(noProviders, HttpStatusCode.BadRequest, "providers whose keys the token may read");
        AssertRefused(tooLong, HttpStatusCode.BadRequest, "Choose a day from");
        AssertRefused(badName, HttpStatusCode.BadRequest, "A provider name is 1-32 characters");
        Assert.Empty(await ListAppTokensAsync(bearer));

        var created = await PostAsync(site, "/account?handler=CreateToken", token,
            ("name", "chat-backend"), ("providers", "openai"), ("providers", "groq"), ("otherProviders", "Mistral, google-vertex"), ("expiresOn", inAMonth), ("password", ApiClient.Password));
        Assert.Equal(HttpStatusCode.OK, created.Response.StatusCode);
        Assert.True(created.Response.Headers.CacheControl?.NoStore);
        Assert.Contains("shown only now", created.Html);
        // The page tells the app's SDK where the gateway is, per provider the token was given.
        Assert.Contains($"<code>{site.BaseAddress!.GetLeftPart(UriPartial.Authority)}/proxy/groq</code>", created.Html);
        var appToken = WebUtility.HtmlDecode(NewTokenPattern().Match(created.Html).Groups[1].Value);
        Assert.NotEmpty(appToken);

        var info = Assert.Single(await ListAppTokensAsync(bearer));
        Assert.Equal(["google-vertex", "groq", "mistral", "openai"], info.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(DateTime.UtcNow.Date.AddDays(31), info.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime);
        var value = await _api.SendAsync(HttpMethod.Get, "/api/keys/openai/value", appToken);
        Assert.Equal(HttpStatusCode.OK, value.StatusCode);
        Assert.Equal(openai, (await value.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());

        var account = await (await site.GetAsync("/account")).Content.ReadAsStringAsync();
        Assert.Contains("chat-backend", account);
        Assert.DoesNotContain(appToken, account);
        var revoke = await PostAsync(site, "/account?handler=RevokeToken", token, ("id", info.GetProperty("id").GetString()!));
        Assert.Equal(HttpStatusCode.OK, revoke.Response.StatusCode);
        Assert.Contains("The app token was revoked", revoke.Html);
        await (await _api.SendAsync(HttpMethod.Get, "/api/keys/openai/value", appToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await ListAppTokensAsync(bearer));
        Assert.Contains(name, revoke.Html);
    }

    [Fact]
    public async Task ChangingThePasswordOnThePageSignsOutTheOtherSessions()
    {
        var (name, bearer, site) = await SignInTwiceAsync();
        var token = await Browser.GetFormTokenAsync(site, "/account");

        var wrongCurrent = await PostAsync(site, "/account?handler=ChangePassword", token,
            ("currentPassword", "not the password at all"), ("newPassword", NewPassword), ("confirmPassword", NewPassword));
        var mismatch = await PostAsync(site, "/account?handler=ChangePassword", token,
            ("currentPassword", ApiClient.Password), ("newPassword", NewPassword), ("confirmPassword", NewPassword + "!"));
        var weak = await PostAsync(site, "/account?handler=ChangePassword", token,
            ("currentPassword", ApiClient.Password), ("newPassword", "password1234"), ("confirmPassword", "password1234"));
        AssertRefused(wrongCurrent, HttpStatusCode.Forbidden, "The current password is wrong; nothing was changed.");
        AssertRefused(mismatch, HttpStatusCode.BadRequest, "The two new passwords are not the same.");
        AssertRefused(weak, HttpStatusCode.BadRequest, "one of the first that attackers try");
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Get, "/api/keys", bearer)).StatusCode);

        var changed = await PostAsync(site, "/account?handler=ChangePassword", token,
            ("currentPassword", ApiClient.Password), ("newPassword", NewPassword), ("confirmPassword", NewPassword));

        Assert.Equal(HttpStatusCode.OK, changed.Response.StatusCode);
        Assert.Contains("Every other session was signed out", changed.Html);
        Assert.DoesNotContain(NewPassword, changed.Html);
        await (await _api.SendAsync(HttpMethod.Get, "/api/keys", bearer)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await site.GetAsync("/account")).StatusCode);
        await ApiClient.LoginAsync(_api, name, NewPassword);
    }

    [Fact]
    public async Task EveryVisibleInputOfTheAccountPagesHasALabelAndEveryDescriptionExists()
    {
        var site = _browser.On(fixture.FrontendAddress);
        var pages = new List<(string What, string Html)>
        {
            ("signup", await (await site.GetAsync("/signup")).Content.ReadAsStringAsync()),
            ("login", await (await site.GetAsync("/login")).Content.ReadAsStringAsync()),
        };
        var name = $"labels-{Guid.NewGuid():N}";
        pages.Add(("signup with errors", await (await SignUpOnPageAsync(site, name, "short", "other", "bad email")).Content.ReadAsStringAsync()));
        await SignUpOnPageAsync(site, name, ApiClient.Password, ApiClient.Password, email: null);
        var account = await (await site.GetAsync("/account")).Content.ReadAsStringAsync();
        pages.Add(("account", account));
        var token = Browser.FormToken(account);
        var enrol = await PostAsync(site, "/account?handler=Enrol", token);
        pages.Add(("enrolment", enrol.Html));
        pages.Add(("token with errors", (await PostAsync(site, "/account?handler=CreateToken", token, ("name", ""), ("expiresOn", "soon"))).Html));
        pages.Add(("new token", (await PostAsync(site, "/account?handler=CreateToken", token, ("name", "app"), ("providers", "openai"), ("expiresOn", DateTime.UtcNow.AddDays(9).ToString("yyyy-MM-dd")), ("password", ApiClient.Password))).Html));
        pages.Add(("password with errors", (await PostAsync(site, "/account?handler=ChangePassword", token, ("currentPassword", ""), ("newPassword", "x"))).Html));
        var confirmed = await PostAsync(site, "/account?handler=ConfirmTwoFactor", token, ("password", ApiClient.Password), ("code", CodeAt(Secret(enrol.Html), 0)));
        pages.Add(("recovery codes", confirmed.Html));
        await LogOutAsync(site, confirmed.Html);
        var step = await Browser.LogInAsync(site, site, name);
        pages.Add(("code step", await step.Content.ReadAsStringAsync()));

        foreach (var (what, html) in pages)
        {
            var labels = LabelForPattern().Matches(html).Select(m => m.Groups[1].Value).ToHashSet();
            var ids = IdPattern().Matches(html).Select(m => m.Groups[1].Value).ToHashSet();
            var inputs = InputPattern().Matches(html).Select(m => m.Value).Where(input => !input.Contains("type=\"hidden\"")).ToList();
            Assert.NotEmpty(inputs);
            foreach (var input in inputs)
            {
                var id = IdPattern().Match(input);
                Assert.True(id.Success && labels.Contains(id.Groups[1].Value), $"{what}: no label for {input}");
            }

            foreach (Match described in DescribedByPattern().Matches(html))
            {
                Assert.All(described.Groups[1].Value.Split(' '), target => Assert.True(ids.Contains(target), $"{what}: aria-describedby names a missing id '{target}'"));
            }

            Assert.DoesNotContain("Exception", html);
        }
    }

    public void Dispose()
    {
        _browser.Dispose();
        _api.Dispose();
    }

    /// <summary>The form came back refused, with the status and the message.</summary>
    private static void AssertRefused((HttpResponseMessage Response, string Html) posted, HttpStatusCode status, string message)
    {
        Assert.Equal(status, posted.Response.StatusCode);
        Assert.Contains(message, posted.Html);
    }

    private static async Task<HttpResponseMessage> SignUpOnPageAsync(HttpClient site, string name, string password, string confirm, string? email)
    {
        var token = await Browser.GetFormTokenAsync(site, "/signup");
        return await Browser.PostFormAsync(site, "/signup", new Dictionary<string, string>
        {
            ["username"] = name,
            ["email"] = email ?? "",
            ["password"] = password,
            ["confirmPassword"] = confirm,
            [Browser.AntiforgeryFieldName] = token,
        });
    }

    /// <summary>Posts a form of a page signed in with the given antiforgery token; returns the response and its HTML.</summary>
    private static async Task<(HttpResponseMessage Response, string Html)> PostAsync(HttpClient site, string path, string token, params (string Name, string Value)[] fields)
    {
        var response = await Browser.PostFormAsync(site, path,
            [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create(Browser.AntiforgeryFieldName, token)]);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the code step's form (its own action and token) with a code.</summary>
    private static Task<(HttpResponseMessage Response, string Html)> PostCodeStepAsync(HttpClient site, string stepHtml, string code)
    {
        var action = CodeStepActionPattern().Match(stepHtml);
        Assert.True(action.Success, $"No code step form in: {stepHtml}");
        return PostAsync(site, WebUtility.HtmlDecode(action.Groups[1].Value), Browser.FormToken(stepHtml), ("totp", code));
    }

    private async Task LogOutAsync(HttpClient site, string signedInHtml)
    {
        var logout = await Browser.PostFormAsync(site, "/logout", [new(Browser.AntiforgeryFieldName, Browser.FormToken(signedInHtml))]);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));
    }

    private async Task<(string Name, string Bearer, HttpClient Site)> SignInTwiceAsync()
    {
        var name = $"page-{Guid.NewGuid():N}";
        var bearer = await ApiClient.SignUpAndLoginAsync(_api, name);
        var site = _browser.On(fixture.FrontendAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.LogInAsync(site, site, name)).StatusCode);
        return (name, bearer, site);
    }

    private async Task<JsonElement[]> ListAppTokensAsync(string bearer)
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/account/app-tokens", bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private Task<HttpResponseMessage> LoginThroughApiAsync(string name, string password) =>
        _api.PostAsJsonAsync("/api/account/login", new { username = name, password });

    /// <summary>The base32 secret the enrolment shows in groups for typing in.</summary>
    private static string Secret(string html)
    {
        var match = SecretPattern().Match(html);
        Assert.True(match.Success, $"No secret in: {html}");
        return match.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
    }

    private static string CodeAt(string secret, int secondsFromNow) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(secondsFromNow));

    private static string SetCookie(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [], header => header.StartsWith(name + "=", StringComparison.Ordinal));

    [GeneratedRegex(@"id=""totp-secret"">([A-Z2-7 ]+)</code>")]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"<img [^>]*\bsrc=""([^""]+)""[^>]*\balt=""QR code for your authenticator app""")]
    private static partial Regex QrCodePattern();

    [GeneratedRegex(@"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>")]
    private static partial Regex RecoveryCodePattern();

    [GeneratedRegex(@"<input id=""new-token""[^>]*\bvalue=""([^""]+)""")]
    private static partial Regex NewTokenPattern();

    [GeneratedRegex(@"<form [^>]*action=""([^""]*handler=Code[^""]*)""")]
    private static partial Regex CodeStepActionPattern();

    [GeneratedRegex(@"<input\b[^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"<label\b[^>]*\bfor=""([^""]+)""")]
    private static partial Regex LabelForPattern();

    [GeneratedRegex(@"\bid=""([^""]+)""")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"aria-describedby=""([^""]+)""")]
    private static partial Regex DescribedByPattern();
}
