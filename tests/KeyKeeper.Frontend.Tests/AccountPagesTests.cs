using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The server-rendered pages, driven like a browser without JavaScript against the real silo and database.</summary>
[Collection(AppCollection.Name)]
public sealed class AccountPagesTests(AppFixture fixture) : IDisposable
{
    private readonly HttpClient _api = fixture.CreateClient();
    private readonly Browser _browser = new();

    [Fact]
    public async Task SignInThroughOneFrontendIsReadByAnotherAndSurvivesARestart()
    {
        var name = await SignUpAsync();
        var first = fixture.StartExtraFrontend();
        var firstAddress = first.BaseAddress;
        try
        {
            await using var second = fixture.StartExtraFrontend();

            // The form comes from one replica and is posted to another: one key ring for both.
            var login = await Browser.LogInAsync(_browser.On(first.BaseAddress), _browser.On(second.BaseAddress), name);

            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal("/settings/keys", Redirected(login));
            await AssertSignedInAsync(_browser.On(first.BaseAddress), name);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var restarted = fixture.StartExtraFrontend();
        Assert.NotEqual(firstAddress, restarted.BaseAddress);
        await AssertSignedInAsync(_browser.On(restarted.BaseAddress), name);
    }

    [Fact]
    public async Task SessionCookieIsHttpOnlyLaxAndExpiresWithItsGrainSession()
    {
        var name = await SignUpAsync();
        var site = _browser.On(fixture.FrontendAddress);

        var login = await Browser.LogInAsync(site, site, name);

        var header = SetCookie(login, Browser.SessionCookieName);
        Assert.Contains("; httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        // Development over plain http: SameAsRequest, so not Secure here (see the Production test).
        Assert.DoesNotContain("; secure", header, StringComparison.OrdinalIgnoreCase);
        var cookie = _browser.SessionCookie(fixture.FrontendAddress);
        Assert.NotNull(cookie);
        var session = Assert.Single(await ListSessionsAsync(await ApiClient.LoginAsync(_api, name)), s => !s.GetProperty("current").GetBoolean());
        Assert.Equal(session.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime, cookie.Expires.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task OutsideDevelopmentTheSessionCookieIsASecureHostCookie()
    {
        var name = await SignUpAsync();
        await using var production = fixture.StartExtraFrontend(environment: "Production");
        var site = _browser.On(production.BaseAddress);

        var login = await Browser.LogInAsync(site, site, name);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var header = SetCookie(login, "__Host-" + Browser.SessionCookieName);
        Assert.Contains("; secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/;", header + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; domain=", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", header, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FormPostsWithoutTheAntiforgeryTokenAre400()
    {
        var name = await SignUpAsync();
        var site = _browser.On(fixture.FrontendAddress);
        await Browser.GetFormTokenAsync(site, "/login");

        var login = await Browser.PostFormAsync(site, "/login", Browser.LoginFields(name, ApiClient.Password, token: null));

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));

        await Browser.LogInAsync(site, site, name);
        var logout = await Browser.PostFormAsync(site, "/logout", []);
        var revoke = await Browser.PostFormAsync(site, "/account?handler=Revoke", [new("id", "0123456789abcdef")]);

        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, revoke.StatusCode);
        await AssertSignedInAsync(site, name);
    }

    [Fact]
    public async Task AWrongPasswordShowsTheErrorAndSetsNoCookie()
    {
        var name = await SignUpAsync();
        var site = _browser.On(fixture.FrontendAddress);

        var login = await Browser.LogInAsync(site, site, name, "not the password at all");
        var unknown = await Browser.LogInAsync(site, site, $"nobody-{Guid.NewGuid():N}");

        foreach (var response in new[] { login, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("The username or password is wrong.", await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain(SetCookies(response), header => header.StartsWith(Browser.SessionCookieName + "=", StringComparison.Ordinal));
        }

        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));
    }

    [Fact]
    public async Task RevokingTheCookiesSessionThroughTheApiSignsThePagesOut()
    {
        var (name, bearer, site) = await SignInTwiceAsync();
        await AssertSignedInAsync(site, name);

        var cookieSession = Assert.Single(await ListSessionsAsync(bearer), s => !s.GetProperty("current").GetBoolean());
        var revoke = await _api.SendAsync(HttpMethod.Delete, $"/api/account/sessions/{cookieSession.GetProperty("id").GetString()}", bearer);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        var account = await site.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("/login", Redirected(account));
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));
    }

    [Fact]
    public async Task TheRevokeButtonEndsTheChosenSession()
    {
        var (name, bearer, site) = await SignInTwiceAsync();
        var bearerSession = Assert.Single(await ListSessionsAsync(bearer), s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;

        var page = await AssertSignedInAsync(site, name);
        Assert.Contains($"value=\"{bearerSession}\"", page);
        var revoke = await Browser.PostFormAsync(site, "/account?handler=Revoke",
            [new("id", bearerSession), new(Browser.AntiforgeryFieldName, Browser.FormToken(page))]);

        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        await (await _api.SendAsync(HttpMethod.Get, "/api/keys", bearer)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain($"value=\"{bearerSession}\"", await AssertSignedInAsync(site, name));
    }

    [Fact]
    public async Task LogoutDeletesTheCookieAndRevokesTheGrainSession()
    {
        var (name, bearer, site) = await SignInTwiceAsync();
        var cookieValue = _browser.SessionCookie(fixture.FrontendAddress)!.Value;
        var page = await AssertSignedInAsync(site, name);

        var logout = await Browser.PostFormAsync(site, "/logout", [new(Browser.AntiforgeryFieldName, Browser.FormToken(page))]);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/login", Redirected(logout));
        Assert.Null(_browser.SessionCookie(fixture.FrontendAddress));
        Assert.Single(await ListSessionsAsync(bearer));
        // A copy of the cookie kept from before the logout is worth nothing: its session is gone.
        using var thief = new Browser();
        thief.Cookies.Add(fixture.FrontendAddress, new Cookie(Browser.SessionCookieName, cookieValue));
        var replay = await thief.On(fixture.FrontendAddress).GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/login", Redirected(replay));
    }

    [Fact]
    public async Task TheApiIgnoresTheSessionCookieAndNeverRedirects()
    {
        var name = await SignUpAsync();
        var site = _browser.On(fixture.FrontendAddress);
        await Browser.LogInAsync(site, site, name);

        var response = await site.GetAsync("/api/account/sessions");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnonymousPagesRedirectToLogin()
    {
        var account = await _browser.On(fixture.FrontendAddress).GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Faccount", Redirected(account));
    }

    [Fact]
    public async Task WhileTheKeyStoreIsDownTheLoginPageSaysSoWithoutAStackTrace()
    {
        var site = _browser.On(fixture.FrontendAddress);
        var token = await Browser.GetFormTokenAsync(site, "/login");

        await fixture.Postgres.StopAsync();
        HttpResponseMessage login;
        try
        {
            login = await Browser.PostFormAsync(site, "/login", Browser.LoginFields($"cold-{Guid.NewGuid():N}", ApiClient.Password, token));
        }
        finally
        {
            await fixture.Postgres.StartAsync();
        }

        var html = await login.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        Assert.Contains("The service is unavailable right now; please try again.", html);
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain(" at ", html);
        await fixture.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        _browser.Dispose();
        _api.Dispose();
    }

    private async Task<string> SignUpAsync()
    {
        var name = $"page-{Guid.NewGuid():N}";
        var signUp = await _api.PostAsJsonAsync("/api/account/signup", new { username = name, password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        return name;
    }

    /// <summary>A new user signed in twice: with a bearer token through the API and with the cookie through the login page.</summary>
    private async Task<(string Name, string Bearer, HttpClient Site)> SignInTwiceAsync()
    {
        var name = await SignUpAsync();
        var bearer = await ApiClient.LoginAsync(_api, name);
        var site = _browser.On(fixture.FrontendAddress);
        var login = await Browser.LogInAsync(site, site, name);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (name, bearer, site);
    }

    private async Task<JsonElement[]> ListSessionsAsync(string bearer)
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/account/sessions", bearer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    /// <summary>Opens the account page and asserts it shows the user; returns its HTML.</summary>
    private static async Task<string> AssertSignedInAsync(HttpClient site, string name)
    {
        var account = await site.GetAsync("/account");
        var html = await account.Content.ReadAsStringAsync();
        Assert.True(account.StatusCode == HttpStatusCode.OK, $"GET /account: {(int)account.StatusCode} {account.Headers.Location} {html}");
        Assert.Contains($"Signed in as <strong>{name}</strong>", html);
        return html;
    }

    /// <summary>The path and query a redirect leads to, whether its Location is absolute or relative.</summary>
    private static string? Redirected(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString : null;

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static string SetCookie(HttpResponseMessage response, string name) =>
        Assert.Single(SetCookies(response), header => header.StartsWith(name + "=", StringComparison.Ordinal));
}
