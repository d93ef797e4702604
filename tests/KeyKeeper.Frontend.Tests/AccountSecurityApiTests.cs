using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class AccountSecurityApiTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task TwoFactorEnrolConfirmLoginWithCodeOrRecoveryCodeAndDisable()
    {
        var userName = $"user-{Guid.NewGuid():N}";
        var token = await ApiClient.SignUpAndLoginAsync(_client, userName);

        var enrol = await _client.SendAsync(HttpMethod.Post, "/api/account/2fa/enrol", token);
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var enrolment = await enrol.Content.ReadFromJsonAsync<JsonElement>();
        var secret = enrolment.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/KeyKeeper:", enrolment.GetProperty("otpAuthUri").GetString());
        Assert.StartsWith("data:image/svg+xml;base64,", enrolment.GetProperty("qrCode").GetString());

        await (await _client.SendAsync(HttpMethod.Post, "/api/account/2fa/confirm", token, new { password = ApiClient.Password, code = "12345" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        // Replayed below as the same code, not recomputed: a 30-second step may begin in between.
        var confirmCode = CodeAt(secret, 0);
        var confirmed = await _client.SendAsync(HttpMethod.Post, "/api/account/2fa/confirm", token, new { password = ApiClient.Password, code = confirmCode });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var recoveryCodes = (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        var withoutCode = await (await LoginAsync(userName, ApiClient.Password, totp: null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True(withoutCode.GetProperty("twoFactorRequired").GetBoolean());
        var replayed = await (await LoginAsync(userName, ApiClient.Password, confirmCode)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("already used", replayed.GetProperty("detail").GetString());
        var wrongPassword = await (await LoginAsync(userName, "not the password at all", CodeAt(secret, 30))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(wrongPassword.GetProperty("twoFactorRequired").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(userName, ApiClient.Password, CodeAt(secret, 30))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(userName, ApiClient.Password, recoveryCodes[0])).StatusCode);
        var status = await (await _client.SendAsync(HttpMethod.Get, "/api/account/2fa", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, 9), (status.GetProperty("enabled").GetBoolean(), status.GetProperty("recoveryCodesLeft").GetInt32()));

        await (await _client.SendAsync(HttpMethod.Post, "/api/account/2fa/disable", token, new { password = "not the password at all", code = recoveryCodes[1] }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _client.SendAsync(HttpMethod.Post, "/api/account/2fa/disable", token, new { password = ApiClient.Password }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Post, "/api/account/2fa/disable", token, new { password = ApiClient.Password, code = recoveryCodes[1] })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(userName, ApiClient.Password, totp: null)).StatusCode);
        await (await _client.SendAsync(HttpMethod.Post, "/api/account/2fa/confirm", token, new { password = ApiClient.Password, code = "123456" })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsGet429WithRetryAfterAndTheLockSurvivesAFrontendRestart()
    {
        var userName = $"user-{Guid.NewGuid():N}";
        await ApiClient.SignUpAndLoginAsync(_client, userName);
        for (var i = 0; i < 5; i++)
        {
            await (await LoginAsync(userName, "a wrong password guess", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        var locked = await LoginAsync(userName, ApiClient.Password, null);
        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        await fixture.RestartFrontendAsync();
        using var afterRestart = fixture.CreateClient();
        var stillLocked = await afterRestart.PostAsJsonAsync("/api/account/login", new { username = userName, password = ApiClient.Password });
        await stillLocked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task AnAppTokenNeedsThePasswordAndAPasswordChangeRevokesItSayingSo()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var request = new { name = "chat-backend", providers = new[] { "openai" }, expiresAt = DateTimeOffset.UtcNow.AddDays(30) };
        var missing = await (await _client.SendAsync(HttpMethod.Post, "/api/account/app-tokens", token, request)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("password", out _));
        await (await _client.SendAsync(HttpMethod.Post, "/api/account/app-tokens", token, new { request.name, request.providers, request.expiresAt, password = "not the password at all" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var created = await _client.SendAsync(HttpMethod.Post, "/api/account/app-tokens", token, new { request.name, request.providers, request.expiresAt, password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var appToken = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        var changed = await _client.SendAsync(HttpMethod.Post, "/api/account/password", token, new { currentPassword = ApiClient.Password, newPassword = "a brand new password 2026" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(1, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appTokensRevoked").GetInt32());
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys/openai/value", appToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AppTokensReadOnlyTheirProvidersAndAre403OnEveryManagingRoute()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var openai = "sk-proj-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..16];
        await _client.SaveKeyAsync(token, "openai", openai);
        await _client.SaveKeyAsync(token, "anthropic", "sk-ant-api03-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..24]);

        var create = await _client.SendAsync(HttpMethod.Post, "/api/account/app-tokens", token,
            new { name = "chat-backend", providers = new[] { "openai", "groq" }, expiresAt = DateTimeOffset.UtcNow.AddDays(30), password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        var appToken = created.GetProperty("token").GetString()!;
        var appTokenId = created.GetProperty("info").GetProperty("id").GetString()!;

        var value = await _client.SendAsync(HttpMethod.Get, "/api/keys/openai/value", appToken);
        Assert.Equal(HttpStatusCode.OK, value.StatusCode);
        var body = await value.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((openai, "user", 1), (body.GetProperty("value").GetString(), body.GetProperty("source").GetString(), body.GetProperty("version").GetInt32()));
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys/anthropic/value", appToken)).AssertProblemAsync(HttpStatusCode.Forbidden);

        // The user has no groq key: the deployment has one, and it never leaves the service.
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys/groq/value", appToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        var effective = await _client.SendAsync(HttpMethod.Get, "/api/keys/groq/effective", appToken);
        Assert.DoesNotContain(AppFixture.DeploymentGroqKey, await effective.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await effective.AssertProblemAsync(HttpStatusCode.NotFound);

        foreach (var (method, path, requestBody) in ManagingRoutes(appTokenId))
        {
            var response = await _client.SendAsync(method, path, appToken, requestBody);
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        // A login session does not use the app routes either: it reveals.
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys/openai/value", token)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var audit = await (await _client.SendAsync(HttpMethod.Get, "/api/audit?provider=openai", token)).Content.ReadFromJsonAsync<JsonElement>();
        var used = audit.GetProperty("items")[0];
        Assert.Equal(("used", appTokenId), (used.GetProperty("action").GetString(), used.GetProperty("appTokenId").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/account/app-tokens/{appTokenId}", token)).StatusCode);
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys/openai/value", appToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(openai, await RevealAsync(token, "openai"));
    }

    [Fact]
    public async Task BadAppTokenRequestsGet400AndCreateNothing()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var future = DateTimeOffset.UtcNow.AddDays(30);
        object[] requests =
        [
            new { providers = new[] { "openai" }, expiresAt = future },
            new { name = "app", providers = Array.Empty<string>(), expiresAt = future },
            new { name = "app", providers = new[] { "OpenAI!" }, expiresAt = future },
            new { name = "app", providers = new[] { "openai" } },
            new { name = "app", providers = new[] { "openai" }, expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
            new { name = "app", providers = new[] { "openai" }, expiresAt = DateTimeOffset.UtcNow.AddYears(3) },
            new { name = "app", providers = new[] { "openai" }, expiresAt = future, scope = "manage" },
        ];

        foreach (var request in requests)
        {
            await (await _client.SendAsync(HttpMethod.Post, "/api/account/app-tokens", token, request)).AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        var list = await (await _client.SendAsync(HttpMethod.Get, "/api/account/app-tokens", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, list.GetArrayLength());
    }

    private static IEnumerable<(HttpMethod Method, string Path, object? Body)> ManagingRoutes(string appTokenId) =>
    [
        (HttpMethod.Get, "/api/keys", null),
        (HttpMethod.Get, "/api/keys/openai", null),
        (HttpMethod.Put, "/api/keys/openai", new { value = "sk-proj-" + new string('a', 48) }),
        (HttpMethod.Delete, "/api/keys/openai", null),
        (HttpMethod.Post, "/api/keys/openai/reveal", null),
        (HttpMethod.Get, "/api/keys/openai/versions", null),
        (HttpMethod.Post, "/api/keys/openai/versions/1/restore", null),
        (HttpMethod.Post, "/api/keys/openai/undelete", null),
        (HttpMethod.Get, "/api/deleted-keys", null),
        (HttpMethod.Get, "/api/audit", null),
        (HttpMethod.Get, "/api/account/sessions", null),
        (HttpMethod.Post, "/api/account/password", new { currentPassword = "x", newPassword = "y" }),
        (HttpMethod.Post, "/api/account/logout", null),
        (HttpMethod.Post, "/api/account/2fa/enrol", null),
        (HttpMethod.Get, "/api/account/app-tokens", null),
        (HttpMethod.Post, "/api/account/app-tokens", new { name = "escalate", providers = new[] { "anthropic" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1) }),
        (HttpMethod.Delete, $"/api/account/app-tokens/{appTokenId}", null),
    ];

    private async Task<string> RevealAsync(string token, string provider) =>
        (await (await _client.SendAsync(HttpMethod.Post, $"/api/keys/{provider}/reveal", token)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString()!;

    private Task<HttpResponseMessage> LoginAsync(string userName, string password, string? totp) =>
        _client.PostAsJsonAsync("/api/account/login", new { username = userName, password, totp });

    /// <summary>The code an authenticator app shows <paramref name="secondsFromNow"/> seconds from now.</summary>
    private static string CodeAt(string secret, int secondsFromNow) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow.AddSeconds(secondsFromNow));
}
