using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Anthropic.Exceptions;
using KeyKeeper.Testing;
using OpenAI.Chat;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// An app token's limits, met through the official SDKs: a model it may not use is the SDK's
/// permission error, a rate or a daily budget its rate-limit error with <c>Retry-After</c>, and
/// one budget holds across frontends.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class GatewayLimitsTests(AppFixture fixture) : IAsyncLifetime
{
    private GatewayFixture _gateway = null!;

    public async Task InitializeAsync() => _gateway = await fixture.GatewayAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AModelTheTokenMayNotUseIsTheSdksPermissionError()
    {
        var user = await _gateway.NewUserAsync(["openai", "anthropic"], Keys(), limits: new { models = new[] { "stand-in-*", "claude-3-5-haiku" } });

        Assert.Equal(StandInModelApi.ReplyText, (await _gateway.Chat(user.AppToken, model: "stand-in-chat").CompleteChatAsync([new UserChatMessage("Hi")])).Value.Content[0].Text);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat(user.AppToken, model: "gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")]));
        Assert.Equal(403, refused.Status);
        Assert.Contains("may not use the model 'gpt-4o'", refused.Message, StringComparison.Ordinal);
        await _gateway.Claude(user.AppToken).Messages.Create(GatewayFixture.Hello("claude-3-5-haiku"));
        Assert.Equal("permission_error", (await Assert.ThrowsAsync<AnthropicForbiddenException>(() => _gateway.Claude(user.AppToken).Messages.Create(GatewayFixture.Hello("claude-opus-4")))).Type?.Raw());
    }

    [Fact]
    public async Task RequestsPerMinuteBeyondTheLimitAreTheSdksRateLimitErrorWithRetryAfter()
    {
        var user = await _gateway.NewUserAsync(["openai", "anthropic"], Keys(), limits: new { requestsPerMinute = 2 });

        await _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage("Hi")]);
        await _gateway.Claude(user.AppToken).Messages.Create(GatewayFixture.Hello());
        var limited = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage("Hi")]));
        Assert.Equal(429, limited.Status);
        Assert.True(int.Parse(limited.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var wait) ? wait! : "0") is > 0 and <= 60);
        var claudeLimited = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => _gateway.Claude(user.AppToken).Messages.Create(GatewayFixture.Hello()));
        Assert.Equal("rate_limit_error", claudeLimited.Type?.Raw());
    }

    [Fact]
    public async Task ADailyTokenBudgetRunsOutAfterTheAnswersThatSpentItIncludingAStream()
    {
        // Each stand-in answer reports 11 + 7 = 18 tokens: the budget admits two requests, not a third.
        var user = await _gateway.NewUserAsync(["openai"], Keys(), limits: new { tokensPerDay = 20 });
        var chat = _gateway.Chat(user.AppToken);

        await chat.CompleteChatAsync([new UserChatMessage("Hi")]);
        // 18 of 20 spent: this stream is admitted, runs out the budget and still ends whole.
        var streamed = new System.Text.StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            streamed.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
        }

        Assert.Equal(StandInModelApi.ReplyText, streamed.ToString());
        await _gateway.WaitUntilCountedAsync(user, 2);

        var spent = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("Hi")]));
        Assert.Equal(429, spent.Status);
        Assert.Contains("20 tokens for today", spent.Message, StringComparison.Ordinal);
        var untilMidnight = DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow;
        Assert.InRange(int.Parse(spent.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var wait) ? wait! : "0"), untilMidnight.TotalSeconds - 60, untilMidnight.TotalSeconds + 60);
    }

    [Fact]
    public async Task LimitsAreEditedAtOnceOnEveryFrontendAndTheEditIsAudited()
    {
        var user = await _gateway.NewUserAsync(["openai"], Keys(), limits: new { requestsPerMinute = 1 });
        await _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage("Hi")]);
        // Another frontend of the cluster shares the budget: its gateway refuses the second request too.
        using var other = new HttpClient { BaseAddress = fixture.FrontendAddress };
        using var second = await other.SendAsync(ApiClient.Request(HttpMethod.Post, "/proxy/openai/chat/completions", user.AppToken, new { model = "stand-in-chat", messages = Array.Empty<object>() }));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);

        var bad = await _gateway.Api.SendAsync(HttpMethod.Patch, $"/api/account/app-tokens/{user.AppTokenId}", user.Session, new { limits = new { requestsPerMinute = 0 } });
        Assert.True((await bad.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("limits.requestsPerMinute", out _));
        await (await _gateway.Api.SendAsync(HttpMethod.Patch, "/api/account/app-tokens/0000000000000000", user.Session, new { limits = new { } }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        var changed = await _gateway.Api.SendAsync(HttpMethod.Patch, $"/api/account/app-tokens/{user.AppTokenId}", user.Session,
            new { limits = new { requestsPerMinute = 100, tokensPerDay = 1_000_000, models = new[] { "stand-in-*" } } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var limits = (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limits");
        Assert.Equal((100, 1_000_000L), (limits.GetProperty("requestsPerMinute").GetInt32(), limits.GetProperty("tokensPerDay").GetInt64()));

        await _gateway.Chat(user.AppToken).CompleteChatAsync([new UserChatMessage("Hi")]);
        var listed = (await (await _gateway.Api.SendAsync(HttpMethod.Get, "/api/account/app-tokens", user.Session)).Content.ReadFromJsonAsync<JsonElement>())[0];
        Assert.Equal("stand-in-*", listed.GetProperty("limits").GetProperty("models")[0].GetString());
        var audit = await (await _gateway.Api.SendAsync(HttpMethod.Get, "/api/audit", user.Session)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), item => item.GetProperty("action").GetString() == "app-token-limits-changed"
            && item.GetProperty("appTokenId").GetString() == user.AppTokenId);
    }

    private static Dictionary<string, string> Keys() => new() { ["openai"] = TestKeyValues.New("openai"), ["anthropic"] = TestKeyValues.New("anthropic") };
}
