using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KeyKeeper.Testing;

namespace KeyKeeper.Reliability.Tests;

/// <summary>A user of the HTTP API, as an app would be: signed up, logged in, holding a token.</summary>
public sealed class KeyKeeperClient(HttpClient http, string userName, string token)
{
    public const string Password = "plum velvet harbor 42";

    public string UserName { get; } = userName;

    public static async Task<KeyKeeperClient> SignUpAsync(HttpClient http, string userName)
    {
        var signUp = await http.PostAsJsonAsync("/api/account/signup", new { username = userName, password = Password });
        Assert.True(signUp.StatusCode == HttpStatusCode.Created, $"sign-up of {userName}: {(int)signUp.StatusCode} {await signUp.Content.ReadAsStringAsync()}");
        var login = await http.PostAsJsonAsync("/api/account/login", new { username = userName, password = Password });
        Assert.True(login.IsSuccessStatusCode, $"login of {userName}: {(int)login.StatusCode}");
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return new KeyKeeperClient(http, userName, token);
    }

    /// <summary>The same user through another frontend (a token works on every frontend).</summary>
    public KeyKeeperClient Through(HttpClient other) => new(other, UserName, token);

    public Task<HttpResponseMessage> SaveAsync(string provider, string value, string? ifMatch = null)
    {
        // Checked against every line the services write (ServiceProcess), before and after.
        LogLeakDetector.Shared.RegisterValue(value);
        var request = Request(HttpMethod.Put, $"/api/keys/{provider}", new { value });
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> ListAsync() => http.SendAsync(Request(HttpMethod.Get, "/api/keys"));

    public Task<HttpResponseMessage> RevealAsync(string provider) =>
        http.SendAsync(Request(HttpMethod.Post, $"/api/keys/{provider}/reveal"));

    /// <summary>The stored value, or null when there is none; fails on anything but 200 or 404.</summary>
    public async Task<string?> RevealValueAsync(string provider)
    {
        var response = await RevealAsync(provider);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"reveal {UserName}/{provider}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString();
    }

    /// <summary>An app token for <paramref name="providers"/>, with the given limits (an anonymous object, or null).</summary>
    public async Task<string> CreateAppTokenAsync(string[] providers, object? limits = null)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Post, "/api/account/app-tokens",
            new { name = "reliability", providers, expiresAt = DateTimeOffset.UtcNow.AddDays(1), password = Password, limits }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"app token of {UserName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>The usage ledger's rows of today (every app token and provider).</summary>
    public async Task<JsonElement[]> UsageTodayAsync()
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, "/api/usage"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"usage of {UserName}: {(int)response.StatusCode}");
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        LogLeakDetector.Shared.CheckUrl($"{method} request", request.RequestUri!);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>A value shaped like the provider's keys (the service refuses others), unique by its suffix.</summary>
    public static string KeyValueFor(string provider, string suffix)
    {
        var body = new string([.. suffix.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).PadLeft(40, '0');
        return provider switch
        {
            "anthropic" => $"sk-ant-api03-{body}",
            "groq" => $"gsk_{body}",
            _ => $"sk-proj-{body}",
        };
    }
}
