using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using KeyKeeper.Testing;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// The gateway with the providers' official SDKs pointed at it, against a stand-in provider on
/// loopback: the SDK is given the gateway as its base URL and the app token as its key, the
/// provider gets the user's key and nothing else, and every refusal is the SDK's own typed error.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GatewayTests(AppFixture fixture) : IAsyncLifetime
{
    private GatewayFixture _gateway = null!;

    private StandInModelApi Upstream => _gateway.Upstream;

    public async Task InitializeAsync() => _gateway = await fixture.GatewayAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AChatCompletionReachesTheProviderWithTheUsersKeyAndNoAppToken()
    {
        var key = OpenAIKey();
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = key });

        var completion = (await _gateway.Chat(user.AppToken).CompleteChatAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Hi")])).Value;

        Assert.Equal(StandInModelApi.ReplyText, completion.Content[0].Text);
        Assert.Equal((StandInModelApi.InputTokens, StandInModelApi.OutputTokens), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
        var received = Assert.Single(Upstream.RequestsWith(key));
        Assert.Equal("POST /v1/chat/completions", received.Line);
        Assert.Equal($"Bearer {key}", received.Headers["authorization"]);
        Assert.Contains("\"content\":\"Be brief.\"", received.Body, StringComparison.Ordinal);
        Assert.Empty(Upstream.RequestsWith(user.AppToken));
        Assert.Empty(Upstream.RequestsWith("kka1."));
    }

    [Fact]
    public async Task AStreamedChatReachesTheAppChunkByChunkAsTheProviderSendsIt()
    {
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = OpenAIKey() });
        Upstream.HoldNextStream();

        await using var updates = _gateway.Chat(user.AppToken).CompleteChatStreamingAsync([new UserChatMessage("Hi")]).GetAsyncEnumerator();
        var text = new StringBuilder();
        while (text.Length == 0)
        {
            Assert.True(await updates.MoveNextAsync());
            text.Append(string.Concat(updates.Current.ContentUpdate.Select(part => part.Text)));
        }

        // The app holds the first words while the provider has not sent the rest.
        Assert.True(Upstream.StreamHeld.Task.IsCompleted);
        Assert.False(Upstream.StreamFinished.Task.IsCompleted);
        Upstream.ReleaseStream();
        ChatTokenUsage? usage = null;
        while (await updates.MoveNextAsync())
        {
            text.Append(string.Concat(updates.Current.ContentUpdate.Select(part => part.Text)));
            usage ??= updates.Current.Usage;
        }

        Assert.Equal(StandInModelApi.ReplyText, text.ToString());
        Assert.Equal(StandInModelApi.OutputTokens, usage?.OutputTokenCount);
    }

    [Fact]
    public async Task APromptLargerThanTheApisOwnBodyLimitGoesThroughWholeAndOnePastTheGatewaysIs413()
    {
        var key = OpenAIKey();
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = key });
        var document = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i:D5}\n"));

        await _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage(document)]);

        Assert.True(document.Length > FrontendServiceExtensions.MaxRequestBodyBytes);
        Assert.Contains("line 19999", Assert.Single(Upstream.RequestsWith(key)).Body, StringComparison.Ordinal);
        // The fixture's gateway takes 1 MB (Gateway:MaxRequestBodyMegabytes).
        var tooLarge = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage(new string('x', 1_100_000))]));
        Assert.Equal(413, tooLarge.Status);
        Assert.Contains("larger than the gateway takes (1 MB)", tooLarge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRequestIsCountedWithTheProvidersUsageFieldsStreamsIncludedAndTheKeyRowIsNotWritten()
    {
        var user = await _gateway.NewUserAsync(["openai", "anthropic"], new Dictionary<string, string> { ["openai"] = OpenAIKey(), ["anthropic"] = AnthropicKey() });
        var rowVersion = await KeyRowVersionAsync(user);
        var chat = _gateway.Chat(user.AppToken);
        var claude = _gateway.Claude(user.AppToken);

        await chat.CompleteChatAsync([new UserChatMessage("Hi")]);
        await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
        }

        await claude.Messages.Create(GatewayFixture.Hello());
        await foreach (var _ in claude.Messages.CreateStreaming(GatewayFixture.Hello()))
        {
        }

        await _gateway.WaitUntilCountedAsync(user, 4);
        var days = await UsageAsync(user, $"/api/account/app-tokens/{user.AppTokenId}/usage");
        Assert.Equal(["anthropic", "openai"], days.Select(day => day.GetProperty("provider").GetString()));
        foreach (var day in days)
        {
            Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.Parse(day.GetProperty("day").GetString()!));
            Assert.Equal(user.AppTokenId, day.GetProperty("appTokenId").GetString());
            Assert.Equal((2, 2 * StandInModelApi.InputTokens, 2 * StandInModelApi.OutputTokens, 0, 0),
                (day.GetProperty("requests").GetInt64(), day.GetProperty("inputTokens").GetInt64(), day.GetProperty("outputTokens").GetInt64(),
                    day.GetProperty("clientErrors").GetInt64(), day.GetProperty("serverErrors").GetInt64()));
            Assert.True(day.GetProperty("lastUsedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        Assert.Equal(4, (await UsageAsync(user, "/api/usage")).Sum(day => day.GetProperty("requests").GetInt64()));
        Assert.Equal(rowVersion, await KeyRowVersionAsync(user));
        foreach (var badRange in new[] { "?from=2026-12-10&to=2026-12-01", "?from=2024-01-01&to=2026-12-01", "?from=yesterday" })
        {
            await (await _gateway.Api.SendAsync(HttpMethod.Get, "/api/usage" + badRange, user.Session)).AssertProblemAsync(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task EmbeddingsGoThroughTheGateway()
    {
        var key = OpenAIKey();
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = key });

        var embedding = (await new EmbeddingClient("stand-in-embedding", new ApiKeyCredential(user.AppToken), _gateway.OpenAIOptions("openai")).GenerateEmbeddingAsync("hello")).Value;

        Assert.Equal([0.25f, 0.5f, 0.75f], embedding.ToFloats().ToArray());
        Assert.Equal("POST /v1/embeddings", Assert.Single(Upstream.RequestsWith(key)).Line);
    }

    [Fact]
    public async Task AnAnthropicMessagePlainAndStreamedCarriesTheUsersKeyInXApiKey()
    {
        var key = AnthropicKey();
        var user = await _gateway.NewUserAsync(["anthropic"], new Dictionary<string, string> { ["anthropic"] = key });
        var claude = _gateway.Claude(user.AppToken);
        var request = new MessageCreateParams { Model = "stand-in-claude", MaxTokens = 64, Messages = [new UserMessageParam("Hi")] };

        var message = await claude.Messages.Create(request);
        var streamed = new StringBuilder();
        await foreach (var streamEvent in claude.Messages.CreateStreaming(request))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                streamed.Append(textDelta.Text);
            }
        }

        Assert.Equal(StandInModelApi.ReplyText, string.Concat(message.Content.Select(block => block.TryPickText(out var text) ? text.Text : "")));
        Assert.Equal(StandInModelApi.ReplyText, streamed.ToString());
        var received = Upstream.RequestsWith(key);
        Assert.Equal(2, received.Count);
        Assert.All(received, r =>
        {
            Assert.Equal("POST /v1/messages", r.Line);
            Assert.Equal(key, r.Headers["x-api-key"]);
            Assert.False(r.Headers.ContainsKey("authorization"));
            Assert.True(r.Headers.ContainsKey("anthropic-version"));
        });
        Assert.Empty(Upstream.RequestsWith(user.AppToken));
    }

    [Fact]
    public async Task ARevokedAnExpiredOrAForgedTokenIsTheSdksAuthenticationError()
    {
        var user = await _gateway.NewUserAsync(["openai", "anthropic"], new Dictionary<string, string> { ["openai"] = OpenAIKey(), ["anthropic"] = AnthropicKey() });
        var expiring = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = OpenAIKey() }, lifetime: TimeSpan.FromSeconds(2));
        var revoke = await _gateway.Api.SendAsync(HttpMethod.Delete, $"/api/account/app-tokens/{user.AppTokenId}", user.Session);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        var forged = user.AppToken[..^4] + (user.AppToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        foreach (var token in new[] { user.AppToken, expiring.AppToken, forged, user.Session })
        {
            Assert.Equal(401, (await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat(token).CompleteChatAsync([new UserChatMessage("Hi")]))).Status);
        }

        var refused = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => _gateway.Claude(user.AppToken).Messages.Create(GatewayFixture.Hello()));
        Assert.Equal("authentication_error", refused.Type?.Raw());
        Assert.Empty(Upstream.RequestsWith(user.AppToken));
    }

    [Fact]
    public async Task AProviderTheTokenWasNotGivenIsTheSdksPermissionErrorAndAMissingKeyItsNotFound()
    {
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["anthropic"] = AnthropicKey() });

        var notGiven = await Assert.ThrowsAsync<AnthropicForbiddenException>(() => _gateway.Claude(user.AppToken).Messages.Create(GatewayFixture.Hello()));
        Assert.Equal("permission_error", notGiven.Type?.Raw());
        var noKey = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage("Hi")]));
        Assert.Equal(404, noKey.Status);
        Assert.Contains("There is no openai key", noKey.Message, StringComparison.Ordinal);

        var noAnthropicKey = await _gateway.NewUserAsync(["anthropic"]);
        Assert.Equal("not_found_error", (await Assert.ThrowsAsync<AnthropicNotFoundException>(() => _gateway.Claude(noAnthropicKey.AppToken).Messages.Create(GatewayFixture.Hello()))).Type?.Raw());
        Assert.Empty(Upstream.RequestsWith(user.AppToken));
    }

    [Fact]
    public async Task TheProvidersOwnErrorsReachTheAppUnchanged()
    {
        var (openai, anthropic) = (OpenAIKey(), AnthropicKey());
        var user = await _gateway.NewUserAsync(["openai", "anthropic"], new Dictionary<string, string> { ["openai"] = openai, ["anthropic"] = anthropic });
        const string rateLimited = """{"error":{"message":"Rate limit reached for gpt-x in organization org-1 on requests per min.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
        Upstream.FailNext(openai, 429, rateLimited, new Dictionary<string, string> { ["retry-after"] = "17", ["x-ratelimit-remaining-requests"] = "0" });

        var limited = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage("Hi")]));
        Assert.Equal(429, limited.Status);
        var response = limited.GetRawResponse()!;
        Assert.Equal(rateLimited, response.Content.ToString());
        Assert.Equal("17", response.Headers.TryGetValue("retry-after", out var retryAfter) ? retryAfter : null);

        const string overloaded = """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""";
        Upstream.FailNext(anthropic, 529, overloaded);
        var busy = await Assert.ThrowsAsync<AnthropicOverloadedException>(() => _gateway.Claude(user.AppToken).Messages.Create(GatewayFixture.Hello()));
        Assert.Equal(overloaded, busy.ResponseBody);

        // Counted by class: the provider's 429 as a client error, its 529 as a server error.
        await _gateway.WaitUntilCountedAsync(user, 2);
        var days = (await UsageAsync(user, "/api/usage")).ToDictionary(day => day.GetProperty("provider").GetString()!);
        Assert.Equal((1, 1, 0), (days["openai"].GetProperty("requests").GetInt64(), days["openai"].GetProperty("clientErrors").GetInt64(), days["openai"].GetProperty("serverErrors").GetInt64()));
        Assert.Equal((1, 0, 1), (days["anthropic"].GetProperty("requests").GetInt64(), days["anthropic"].GetProperty("clientErrors").GetInt64(), days["anthropic"].GetProperty("serverErrors").GetInt64()));
    }

    [Fact]
    public async Task AKeyTheProviderRefusesIsMarkedRevokedAtOnceAndAuditedOnce()
    {
        var key = OpenAIKey();
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = key });
        const string invalidKey = """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""";

        for (var i = 0; i < 2; i++)
        {
            Upstream.FailNext(key, 401, invalidKey);
            Assert.Equal(401, (await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage("Hi")]))).Status);
        }

        // The grain counts a use, then marks the key, in one turn: once counted, the mark is there for the next call.
        await _gateway.WaitUntilCountedAsync(user, 2);
        var entry = await (await _gateway.Api.SendAsync(HttpMethod.Get, "/api/keys/openai", user.Session)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("revoked", entry.GetProperty("validation").GetProperty("status").GetString());
        var audit = await (await _gateway.Api.SendAsync(HttpMethod.Get, "/api/audit?provider=openai", user.Session)).Content.ReadFromJsonAsync<JsonElement>();
        var marked = Assert.Single(audit.GetProperty("items").EnumerateArray(), item => item.GetProperty("action").GetString() == "validated");
        Assert.Equal((user.AppTokenId, 1), (marked.GetProperty("appTokenId").GetString(), marked.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task AnAppThatGoesAwayCancelsTheProvidersCall()
    {
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = OpenAIKey() });
        var marker = Guid.NewGuid().ToString("N");
        Upstream.HangNext(marker);
        using var client = new HttpClient { BaseAddress = _gateway.Frontend.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/proxy/openai/chat/completions")
        {
            Content = new StringContent($$"""{"model":"stand-in-chat","messages":[{"role":"user","content":"{{marker}}"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AppToken);
        using var cancel = new CancellationTokenSource();

        var call = client.SendAsync(request, cancel.Token);
        await WaitUntilAsync(() => Upstream.RequestsWith(marker).Any());
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Upstream.HungRequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TheDeploymentsKeyIsUsedServerSideOnlyWhereTheUserHasNone()
    {
        var user = await _gateway.NewUserAsync(["groq"]);
        LogLeakDetector.Shared.RegisterValue(AppFixture.DeploymentGroqKey);

        var completion = (await _gateway.Chat(user.AppToken, "groq").CompleteChatAsync([new UserChatMessage("Hi")])).Value;

        Assert.Equal(StandInModelApi.ReplyText, completion.Content[0].Text);
        var received = Assert.Single(Upstream.RequestsWith(AppFixture.DeploymentGroqKey));
        Assert.Equal(("POST /openai/v1/chat/completions", $"Bearer {AppFixture.DeploymentGroqKey}"), (received.Line, received.Headers["authorization"]));
        Assert.DoesNotContain(AppFixture.DeploymentGroqKey, completion.Content[0].Text, StringComparison.Ordinal);
        var effective = await _gateway.Api.SendAsync(HttpMethod.Get, "/api/keys/groq/effective", user.AppToken);
        Assert.Equal(HttpStatusCode.NotFound, effective.StatusCode);
        Assert.DoesNotContain(AppFixture.DeploymentGroqKey, await effective.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GooglesHeaderIsAcceptedAndAKeyInTheUrlIsRefusedInGooglesFormat()
    {
        var key = TestKeyValues.New("google");
        var user = await _gateway.NewUserAsync(["google"], new Dictionary<string, string> { ["google"] = key });
        using var client = new HttpClient { BaseAddress = _gateway.Frontend.BaseAddress };

        using var inUrl = await client.GetAsync($"/proxy/google/v1beta/models?key={user.AppToken}");
        Assert.Equal(HttpStatusCode.BadRequest, inUrl.StatusCode);
        var problem = JsonDocument.Parse(await inUrl.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal((400, "INVALID_ARGUMENT"), (problem.GetProperty("code").GetInt32(), problem.GetProperty("status").GetString()));

        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/proxy/google/v1beta/models/gemini:generateContent") { Content = new StringContent("{}") };
        unknown.Headers.Add("x-goog-api-key", "kka1.bm9ib2R5.forged");
        using var refused = await client.SendAsync(unknown);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("UNAUTHENTICATED", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("status").GetString());

        using var accepted = new HttpRequestMessage(HttpMethod.Post, "/proxy/google/v1beta/models/gemini:generateContent") { Content = new StringContent("{}") };
        accepted.Headers.Add("x-goog-api-key", user.AppToken);
        using var forwarded = await client.SendAsync(accepted);
        var received = Assert.Single(Upstream.RequestsWith(key));
        Assert.Equal(("POST /v1beta/models/gemini:generateContent", key), (received.Line, received.Headers["x-goog-api-key"]));
        Assert.Empty(Upstream.RequestsWith(user.AppToken));
    }

    [Fact]
    public async Task AProviderKeyKeeperDoesNotKnowIsNotFoundAndCookiesNeverTravel()
    {
        var key = OpenAIKey();
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = key });
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _gateway.Frontend.BaseAddress };

        using var nowhere = new HttpRequestMessage(HttpMethod.Get, "/proxy/nowhere/models");
        nowhere.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AppToken);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(nowhere)).StatusCode);

        using var withCookie = new HttpRequestMessage(HttpMethod.Post, "/proxy/openai/chat/completions?api-version=1")
        {
            Content = new StringContent("""{"model":"m","messages":[]}""", Encoding.UTF8, "application/json"),
        };
        withCookie.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AppToken);
        withCookie.Headers.Add("Cookie", "kk.session=a-session-cookie-of-this-service");
        withCookie.Headers.Add("x-api-key", user.AppToken);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withCookie)).StatusCode);
        var received = Assert.Single(Upstream.RequestsWith(key));
        Assert.Equal("POST /v1/chat/completions?api-version=1", received.Line);
        Assert.False(received.Headers.ContainsKey("cookie"));
        Assert.False(received.Headers.ContainsKey("x-api-key"));
    }

    [Fact]
    public async Task NoSpanMetricOrLogRecordOfTheGatewayCarriesTheKeyOrTheAppToken()
    {
        var key = OpenAIKey();
        var user = await _gateway.NewUserAsync(["openai"], new Dictionary<string, string> { ["openai"] = key });
        var chat = _gateway.Chat(user.AppToken);

        await chat.CompleteChatAsync([new UserChatMessage("Hi")]);
        await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
        }

        // The client span to the provider ends with the response: wait for both.
        await WaitUntilAsync(() => _gateway.Telemetry.Spans.Count(span => span.Source.Name == "System.Net.Http"
            && span.GetTagItem("url.full") is string url && url.EndsWith("/v1/chat/completions", StringComparison.Ordinal)) >= 2);
        TelemetryCapture.Flush(_gateway.Frontend.Services);
        var exported = _gateway.Telemetry.Spans.Select(TelemetryCapture.Describe)
            .Concat(_gateway.Telemetry.Metrics.Select(TelemetryCapture.Describe))
            .Concat(_gateway.Telemetry.Logs);
        foreach (var text in exported)
        {
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(user.AppToken, text, StringComparison.Ordinal);
        }
    }

    private async Task<JsonElement[]> UsageAsync(GatewayUser user, string path)
    {
        var response = await _gateway.Api.SendAsync(HttpMethod.Get, path, user.Session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()];
    }

    /// <summary>The version of the user's state row: the gateway's requests must never write it.</summary>
    private async Task<string?> KeyRowVersionAsync(GatewayUser user)
    {
        var name = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(user.AppToken.Split('.')[1]));
        return Assert.Single(await fixture.Postgres.QueryAsync(AppFixture.Database, $"SELECT version::text FROM grain_state WHERE grain_id_string = 'user/{name}'"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            Assert.True(waited < 10_000, "What the test waited for did not happen within 10 s.");
            await Task.Delay(50);
        }
    }

    private static string OpenAIKey() => TestKeyValues.New("openai");

    private static string AnthropicKey() => TestKeyValues.New("anthropic");
}
