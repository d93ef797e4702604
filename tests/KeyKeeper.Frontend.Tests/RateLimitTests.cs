using System.Net;
using System.Net.Http.Json;

namespace KeyKeeper.Frontend.Tests;

/// <summary>Per-address and per-user limits, each on a frontend of its own with small limits.</summary>
[Collection(AppCollection.Name)]
public sealed class RateLimitTests(AppFixture fixture)
{
    [Fact]
    public async Task LoginAttemptsFromOneAddressAreLimitedWhateverTheUsername()
    {
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { ["RateLimits:SignInsPerMinutePerAddress"] = "3" });
        using var client = frontend.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            var attempt = await client.PostAsJsonAsync("/api/account/login", new { username = $"nobody-{Guid.NewGuid():N}", password = "some password guess" });
            await attempt.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        var limited = await client.PostAsJsonAsync("/api/account/login", new { username = $"nobody-{Guid.NewGuid():N}", password = "some password guess" });
        var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Try again in", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RevealIsLimitedPerUser()
    {
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { ["RateLimits:RevealsPerMinutePerUser"] = "2" });
        using var client = frontend.CreateClient();
        var token = await ApiClient.SignUpAndLoginAsync(client);
        var otherToken = await ApiClient.SignUpAndLoginAsync(client);
        await client.SaveKeyAsync(token, "openai", "sk-proj-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..16]);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token)).StatusCode);
        var limited = await client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token);

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        // Another user is not held back by the first one's reveals.
        await (await client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", otherToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ThePageRevealAndTheApiRevealShareOneBudgetPerUser()
    {
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { ["RateLimits:RevealsPerMinutePerUser"] = "2" });
        using var api = frontend.CreateClient();
        using var browser = new Browser();
        var (name, site) = await PageUser.SignUpAndSignInAsync(browser, api, frontend.BaseAddress);
        var token = await ApiClient.LoginAsync(api, name);
        await api.SaveKeyAsync(token, "openai", "sk-proj-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..16]);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token)).StatusCode);

        var page = await (await site.GetAsync("/settings/keys")).Content.ReadAsStringAsync();
        var reveal = HtmlForm.Find(page, "Reveal", "openai");
        Assert.Equal(HttpStatusCode.OK, (await reveal.SubmitAsync(site)).StatusCode);
        var limited = await reveal.SubmitAsync(site);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Too many reveals", await limited.Content.ReadAsStringAsync());
        Assert.DoesNotContain("data-revealed", await limited.Content.ReadAsStringAsync());
        await (await api.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ThePasswordChangeFormIsRefusedOnceTheSignInBudgetIsSpent()
    {
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { ["RateLimits:SignInsPerMinutePerAddress"] = "3" });
        using var api = frontend.CreateClient();
        using var browser = new Browser();
        var (_, site) = await PageUser.SignUpAndSignInAsync(browser, api, frontend.BaseAddress);
        var token = await Browser.GetFormTokenAsync(site, "/account");
        for (var i = 0; i < 3; i++)
        {
            await api.PostAsJsonAsync("/api/account/login", new { username = $"nobody-{Guid.NewGuid():N}", password = "some password guess" });
        }

        var limited = await Browser.PostFormAsync(site, "/account?handler=ChangePassword", new Dictionary<string, string>
        {
            ["currentPassword"] = "a guess at the password",
            ["newPassword"] = "a new password nobody guesses",
            ["confirmPassword"] = "a new password nobody guesses",
            [Browser.AntiforgeryFieldName] = token,
        });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var html = await limited.Content.ReadAsStringAsync();
        Assert.Matches("role=\"alert\">Too many attempts from here\\. Try again in [0-9]+ seconds\\.<", html);
        Assert.Contains("Change password", html);
        // Only the sign-in forms are limited: the page itself still opens.
        Assert.Equal(HttpStatusCode.OK, (await site.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task SignUpsFromOneAddressAreLimitedAcrossTheApiAndThePageAndThePageCountsOnce()
    {
        await using var frontend = fixture.StartExtraFrontend(new Dictionary<string, string?> { ["RateLimits:SignUpsPerHourPerAddress"] = "2" });
        using var api = frontend.CreateClient();
        using var browser = new Browser();
        var site = browser.On(frontend.BaseAddress);

        // The page signs up and signs in with one post: one sign-up of the budget, and it lands signed in.
        var form = await Browser.GetFormTokenAsync(site, "/signup");
        var onPage = await Browser.PostFormAsync(site, "/signup", SignUpFields($"page-{Guid.NewGuid():N}", form));
        Assert.Equal(HttpStatusCode.Redirect, onPage.StatusCode);
        var second = await api.PostAsJsonAsync("/api/account/signup", new { username = $"api-{Guid.NewGuid():N}", password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        var refusedName = $"api-{Guid.NewGuid():N}";
        var limited = await api.PostAsJsonAsync("/api/account/signup", new { username = refusedName, password = ApiClient.Password });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var other = new Browser();
        var otherSite = other.On(frontend.BaseAddress);
        var limitedPage = await Browser.PostFormAsync(otherSite, "/signup", SignUpFields($"page-{Guid.NewGuid():N}", await Browser.GetFormTokenAsync(otherSite, "/signup")));
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedPage.StatusCode);
        Assert.Contains("Too many attempts from here", await limitedPage.Content.ReadAsStringAsync());

        // Nothing was created for the refused sign-up, and logins are not held back by the sign-up budget.
        await (await api.PostAsJsonAsync("/api/account/login", new { username = refusedName, password = ApiClient.Password })).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static Dictionary<string, string> SignUpFields(string name, string token) => new()
    {
        ["username"] = name,
        ["email"] = "",
        ["password"] = ApiClient.Password,
        ["confirmPassword"] = ApiClient.Password,
        [Browser.AntiforgeryFieldName] = token,
    };
}
