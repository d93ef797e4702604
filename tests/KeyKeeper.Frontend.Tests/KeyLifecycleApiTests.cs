using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class KeyLifecycleApiTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    private static string OpenAiKey() => "sk-proj-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..16];

    [Fact]
    public async Task TwoTabsWithIfMatchCannotOverwriteEachOther()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        await _client.SaveKeyAsync(token, "openai", OpenAiKey());

        var read = await _client.SendAsync(HttpMethod.Get, "/api/keys/openai", token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);
        Assert.Equal(1, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        var firstTab = await SendWithIfMatchAsync(HttpMethod.Put, "/api/keys/openai", token, etag, new { value = OpenAiKey() });
        var secondTab = await SendWithIfMatchAsync(HttpMethod.Put, "/api/keys/openai", token, etag, new { value = OpenAiKey() });

        Assert.Equal(HttpStatusCode.OK, firstTab.StatusCode);
        Assert.Equal("\"2\"", firstTab.Headers.ETag!.Tag);
        var conflict = await secondTab.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("changed elsewhere", conflict.GetProperty("detail").GetString());
        Assert.Equal(2, conflict.GetProperty("currentVersion").GetInt32());
        await (await SendWithIfMatchAsync(HttpMethod.Delete, "/api/keys/openai", token, etag)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await SendWithIfMatchAsync(HttpMethod.Put, "/api/keys/openai", token, "three", new { value = OpenAiKey() })).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(2, Assert.Single(await _client.ListKeysAsync(token)).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await SendWithIfMatchAsync(HttpMethod.Delete, "/api/keys/openai", token, "\"2\"")).StatusCode);
    }

    [Fact]
    public async Task AnIfMatchThatIsNoneOfOurVersionsAnswers412AndOnlyAMalformedOneAnswers400()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        await _client.SaveKeyAsync(token, "openai", OpenAiKey());

        var stale = await (await SendWithIfMatchAsync(HttpMethod.Put, "/api/keys/openai", token, "\"0-stale\"", new { value = OpenAiKey() }))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var weak = await (await SendWithIfMatchAsync(HttpMethod.Put, "/api/keys/openai", token, "W/\"1\"", new { value = OpenAiKey() }))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await SendWithIfMatchAsync(HttpMethod.Put, "/api/keys/openai", token, "0-stale", new { value = OpenAiKey() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal((1, 1), (stale.GetProperty("currentVersion").GetInt32(), weak.GetProperty("currentVersion").GetInt32()));
        Assert.Equal(1, Assert.Single(await _client.ListKeysAsync(token)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task VersionsRestoreSoftDeleteAndUndeleteOverHttp()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var first = OpenAiKey();
        await _client.SaveKeyAsync(token, "openai", first);
        await _client.SaveKeyAsync(token, "openai", OpenAiKey());

        var versions = await _client.SendAsync(HttpMethod.Get, "/api/keys/openai/versions", token);
        Assert.Equal([2, 1], (await versions.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));

        var restore = await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/versions/1/restore", token);
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(3, (await restore.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        await (await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/versions/9/restore", token)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, "/api/keys/openai", token)).StatusCode);
        Assert.Empty(await _client.ListKeysAsync(token));
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys/openai", token)).AssertProblemAsync(HttpStatusCode.NotFound);
        var deleted = await (await _client.SendAsync(HttpMethod.Get, "/api/deleted-keys", token)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("openai", Assert.Single(deleted.EnumerateArray()).GetProperty("provider").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/undelete", token)).StatusCode);
        var reveal = await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token);
        Assert.Equal(first, (await reveal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(HttpMethod.Delete, "/api/keys/openai?purge=true", token)).StatusCode);
        await (await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/undelete", token)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Get, "/api/keys/openai/versions", token)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MaskedWrongProviderAndTruncatedPastesAre400WithTheReason()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var saved = await _client.SaveKeyAsync(token, "openai", OpenAiKey());

        foreach (var (value, reason) in new[]
        {
            (saved.GetProperty("masked").GetString()!, "masked"),
            ("sk-ant-api03-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), "Anthropic"),
            ("sk-proj-abc", "truncated"),
            ("gsk_" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..20], "Groq"),
        })
        {
            var response = await _client.SendAsync(HttpMethod.Put, "/api/keys/openai", token, new { value });
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(reason, problem.GetProperty("errors").GetProperty("value")[0].GetString());
        }

        Assert.Equal(saved.ToString(), Assert.Single(await _client.ListKeysAsync(token)).ToString());
    }

    [Fact]
    public async Task TheProviderCatalogueIsPublic()
    {
        var catalogue = await _client.GetFromJsonAsync<JsonElement>("/api/providers");

        var names = catalogue.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["openai", "anthropic", "google", "groq", "other"], names);
        Assert.Contains("sk-ant-", catalogue[1].GetProperty("prefixes").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task TheAuditTrailIsTheOwnersOnlyNewestFirstFilteredAndPaged()
    {
        var token = await ApiClient.SignUpAndLoginAsync(_client);
        var other = await ApiClient.SignUpAndLoginAsync(_client);
        await _client.SaveKeyAsync(token, "openai", OpenAiKey());
        await _client.SaveKeyAsync(token, "groq", "gsk_" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..20]);
        await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", token);
        await _client.SaveKeyAsync(other, "openai", OpenAiKey());

        var all = await GetAuditAsync(token, "");
        Assert.Equal(["revealed", "created", "created", "signed-in"], all.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.All(all.GetProperty("items").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("clientAddress").GetString())));

        var openai = await GetAuditAsync(token, "?provider=openai");
        Assert.Equal(2, openai.GetProperty("items").GetArrayLength());

        var firstPage = await GetAuditAsync(token, "?limit=3");
        var secondPage = await GetAuditAsync(token, $"?limit=3&before={firstPage.GetProperty("nextBefore").GetInt64()}");
        Assert.Equal(1, secondPage.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("nextBefore").ValueKind);

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        Assert.Equal(0, (await GetAuditAsync(token, $"?from={future}")).GetProperty("items").GetArrayLength());

        foreach (var bad in new[] { "?limit=0", "?limit=1000", "?provider=Open%20AI", "?from=yesterday", "?before=-3" })
        {
            await (await _client.SendAsync(HttpMethod.Get, "/api/audit" + bad, token)).AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        await (await _client.SendAsync(HttpMethod.Get, "/api/audit", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<JsonElement> GetAuditAsync(string token, string query)
    {
        var response = await _client.SendAsync(HttpMethod.Get, "/api/audit" + query, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> SendWithIfMatchAsync(HttpMethod method, string path, string token, string ifMatch, object? body = null)
    {
        var request = ApiClient.Request(method, path, token, body);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }
}
