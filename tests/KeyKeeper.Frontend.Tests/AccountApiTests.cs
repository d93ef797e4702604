using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class AccountApiTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task SignUpCreatesTheAccountAndASecondSignUpWithTheSameNameConflicts()
    {
        var name = $"Ada-{Guid.NewGuid():N}";

        var created = await _client.PostAsJsonAsync("/api/account/signup", new { username = name, password = ApiClient.Password, email = "ada@example.com" });
        var duplicate = await _client.PostAsJsonAsync("/api/account/signup", new { username = name.ToUpperInvariant(), password = "some other password" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(name.ToLowerInvariant(), (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("username").GetString());
        var problem = await duplicate.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already exists", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("", "plum velvet harbor 42", null, "username")]
    [InlineData("has space", "plum velvet harbor 42", null, "username")]
    [InlineData("semi;colon", "plum velvet harbor 42", null, "username")]
    [InlineData("valid-name", "short", null, "password")]
    [InlineData("valid-name", null, null, "password")]
    [InlineData("valid-name", "correct horse battery staple", null, "password")]
    [InlineData("valid-name", "Password2026", null, "password")]
    [InlineData("valid-name", "abcabcabcabc", null, "password")]
    [InlineData("valid-name", "123456789012", null, "password")]
    [InlineData("valid-name", "qwertyuiopasdf", null, "password")]
    [InlineData("valid-name", "plum velvet harbor 42", "not-an-email", "email")]
    public async Task SignUpWithInvalidInputIsA400NamingTheField(string? username, string? password, string? email, string field)
    {
        var response = await _client.PostAsJsonAsync("/api/account/signup", new { username, password, email });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task RejectedSignUpStoresNothing()
    {
        var name = $"rejected-{Guid.NewGuid():N}";

        await _client.PostAsJsonAsync("/api/account/signup", new { username = name, password = "short" });

        Assert.Empty(await fixture.Postgres.QueryAsync(AppFixture.Database, $"SELECT 1 FROM grain_state WHERE grain_id_string = 'user/{name}'"));
        var login = await _client.PostAsJsonAsync("/api/account/login", new { username = name, password = "short" });
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LoginWithAWrongPasswordOrUnknownUserIs401()
    {
        var name = $"user-{Guid.NewGuid():N}";
        await ApiClient.SignUpAndLoginAsync(_client, name);

        var wrong = await _client.PostAsJsonAsync("/api/account/login", new { username = name, password = "not the password at all" });
        var unknown = await _client.PostAsJsonAsync("/api/account/login", new { username = $"nobody-{Guid.NewGuid():N}", password = ApiClient.Password });

        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UsernamesThatReadAsTheSameHexNumberAreSeparateAccounts()
    {
        // Orleans reads an all-hex string key as an integer: "ada" and "0ada" must still be two users.
        var hex = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..6]);
        var first = await ApiClient.SignUpAndLoginAsync(_client, hex);
        await _client.SaveKeyAsync(first, "openai", "sk-firstPADDING01234-user-0123456789abcdefgh");

        var second = await ApiClient.SignUpAndLoginAsync(_client, "0" + hex);

        Assert.Empty(await _client.ListKeysAsync(second));
        Assert.Single(await _client.ListKeysAsync(first));
    }

    [Fact]
    public async Task LoginIsCaseInsensitiveOnTheUsername()
    {
        var name = $"mixed-{Guid.NewGuid():N}";
        await ApiClient.SignUpAndLoginAsync(_client, name);

        var token = await ApiClient.LoginAsync(_client, name.ToUpperInvariant());

        Assert.Empty(await _client.ListKeysAsync(token));
    }

    [Fact]
    public async Task LogoutRevokesTheTokenButNotOtherSessions()
    {
        var name = $"user-{Guid.NewGuid():N}";
        var first = await ApiClient.SignUpAndLoginAsync(_client, name);
        var second = await ApiClient.LoginAsync(_client, name);

        var logout = await _client.SendAsync(HttpMethod.Post, "/api/account/logout", first);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys", first)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await _client.ListKeysAsync(second));
        await (await _client.SendAsync(HttpMethod.Post, "/api/account/logout", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("{\"username\": \"x\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"username\": 5, \"password\": true}")]
    [InlineData("null")]
    public async Task MalformedJsonIsA400WithAClearMessage(string body)
    {
        var response = await _client.PostAsync("/api/account/signup", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsRefused()
    {
        var response = await _client.PostAsync("/api/account/login", new StringContent("username=a&password=b", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task SessionsAreListedAndRevokedAndAPasswordChangeRevokesTheOthers()
    {
        var name = $"user-{Guid.NewGuid():N}";
        var first = await ApiClient.SignUpAndLoginAsync(_client, name);
        var second = await ApiClient.LoginAsync(_client, name);
        var third = await ApiClient.LoginAsync(_client, name);

        var listed = await (await _client.SendAsync(HttpMethod.Get, "/api/account/sessions", first)).Content.ReadFromJsonAsync<JsonElement>();
        var sessions = listed.EnumerateArray().ToList();
        Assert.Equal(3, sessions.Count);
        Assert.Single(sessions, s => s.GetProperty("current").GetBoolean());
        var newest = sessions[0].GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, $"/api/account/sessions/{newest}", first)).StatusCode);
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys", third)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _client.SendAsync(HttpMethod.Delete, $"/api/account/sessions/{newest}", first)).AssertProblemAsync(HttpStatusCode.NotFound);

        var wrong = await _client.SendAsync(HttpMethod.Post, "/api/account/password", first, new { currentPassword = "not it at all", newPassword = "a brand new password 2026" });
        await wrong.AssertProblemAsync(HttpStatusCode.Forbidden);
        var weak = await _client.SendAsync(HttpMethod.Post, "/api/account/password", first, new { currentPassword = ApiClient.Password, newPassword = "short" });
        Assert.True((await weak.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.Equal(2, (await (await _client.SendAsync(HttpMethod.Get, "/api/account/sessions", first)).Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());

        var changed = await _client.SendAsync(HttpMethod.Post, "/api/account/password", first, new { currentPassword = ApiClient.Password, newPassword = "a brand new password 2026" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys", second)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await _client.ListKeysAsync(first));
        var oldLogin = await _client.PostAsJsonAsync("/api/account/login", new { username = name, password = ApiClient.Password });
        await oldLogin.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await ApiClient.LoginAsync(_client, name, "a brand new password 2026");
    }
}
