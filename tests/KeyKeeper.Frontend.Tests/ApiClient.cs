using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

/// <summary>Small helpers that speak the API the way a client would.</summary>
public static class ApiClient
{
    public const string Password = "plum velvet harbor 42";

    public static async Task<string> SignUpAndLoginAsync(HttpClient client, string? userName = null)
    {
        userName ??= $"user-{Guid.NewGuid():N}";
        var signUp = await client.PostAsJsonAsync("/api/account/signup", new { username = userName, password = Password });
        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        return await LoginAsync(client, userName);
    }

    public static async Task<string> LoginAsync(HttpClient client, string userName, string password = Password)
    {
        var login = await client.PostAsJsonAsync("/api/account/login", new { username = userName, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await login.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        return body.GetProperty("token").GetString()!;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? token, object? body = null) =>
        client.SendAsync(Request(method, path, token, body));

    public static async Task<JsonElement> SaveKeyAsync(this HttpClient client, string token, string provider, string value)
    {
        var response = await client.SendAsync(HttpMethod.Put, $"/api/keys/{provider}", token, new { value });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement[]> ListKeysAsync(this HttpClient client, string token)
    {
        var response = await client.SendAsync(HttpMethod.Get, "/api/keys", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    /// <summary>Asserts an error response is ProblemDetails with the expected status, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
