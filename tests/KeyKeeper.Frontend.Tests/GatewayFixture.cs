using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using KeyKeeper.Testing;
using OpenAI;
using OpenAI.Chat;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// A frontend of the shared cluster whose providers (openai, groq, anthropic, google) are a
/// stand-in model API on loopback, for the gateway: apps call <see cref="BaseUrl"/> as their SDK's
/// base URL. One for the whole collection, from <see cref="AppFixture.GatewayAsync"/>.
/// </summary>
public sealed class GatewayFixture(AppFixture app)
{
    private FrontendFactory? _frontend;

    public StandInModelApi Upstream { get; private set; } = null!;

    /// <summary>A client of the shared frontend, for accounts, keys and app tokens.</summary>
    public HttpClient Api { get; } = app.CreateClient();

    public FrontendFactory Frontend => _frontend!;

    /// <summary>Every span, metric and log record the gateway's frontend exports.</summary>
    public TelemetryCapture Telemetry { get; } = new();

    public async Task InitializeAsync()
    {
        Upstream = await StandInModelApi.StartAsync();
        _frontend = app.StartExtraFrontend(new Dictionary<string, string?>
        {
            ["Providers:openai:BaseUrl"] = Upstream.Url("/v1"),
            ["Providers:groq:BaseUrl"] = Upstream.Url("/openai/v1"),
            ["Providers:anthropic:BaseUrl"] = Upstream.Url("/"),
            ["Providers:google:BaseUrl"] = Upstream.Url("/"),
            // The gateway's own logs, and YARP's, reach the leak detector at every level.
            ["Logging:LogLevel:Yarp"] = "Trace",
            ["Logging:LogLevel:KeyKeeper.Frontend.Gateway"] = "Trace",
            ["Gateway:MaxRequestBodyMegabytes"] = "1",
        }, configureServices: Telemetry.AddTo);
    }

    /// <summary>What an SDK is given as its base URL for <paramref name="provider"/>.</summary>
    public Uri BaseUrl(string provider) => new(_frontend!.BaseAddress, $"/proxy/{provider}");

    /// <summary>A message request to the stand-in, as an app's Anthropic SDK sends it.</summary>
    public static MessageCreateParams Hello(string model = "stand-in-claude") =>
        new() { Model = model, MaxTokens = 16, Messages = [new UserMessageParam("Hi")] };

    /// <summary>OpenAI's official SDK as an app sets it up for the gateway: base URL and app token, no retries.</summary>
    public OpenAIClientOptions OpenAIOptions(string provider = "openai") =>
        new() { Endpoint = BaseUrl(provider), RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = TimeSpan.FromSeconds(30) };

    public ChatClient Chat(string appToken, string provider = "openai", string model = "stand-in-chat") =>
        new(model, new ApiKeyCredential(appToken), OpenAIOptions(provider));

    /// <summary>Anthropic's official SDK as an app sets it up for the gateway.</summary>
    public AnthropicClient Claude(string appToken) =>
        new() { ApiKey = appToken, BaseUrl = BaseUrl("anthropic").ToString(), MaxRetries = 0, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A new user with the given keys saved and an app token for <paramref name="providers"/>.</summary>
    public async Task<GatewayUser> NewUserAsync(string[] providers, IReadOnlyDictionary<string, string>? keys = null, TimeSpan? lifetime = null, object? limits = null)
    {
        var session = await ApiClient.SignUpAndLoginAsync(Api);
        foreach (var (provider, value) in keys ?? new Dictionary<string, string>())
        {
            await Api.SaveKeyAsync(session, provider, value);
        }

        var created = await Api.SendAsync(HttpMethod.Post, "/api/account/app-tokens", session,
            new { name = "gateway test app", providers, expiresAt = DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromDays(1)), password = ApiClient.Password, limits });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        return new GatewayUser(session, body.GetProperty("token").GetString()!, body.GetProperty("info").GetProperty("id").GetString()!);
    }

    /// <summary>
    /// Waits until the usage ledger holds <paramref name="requests"/> of the user's requests: the
    /// gateway counts a request one-way after the app has its answer, so the count lands just after.
    /// </summary>
    public Task WaitUntilCountedAsync(GatewayUser user, long requests) => WaitUntilCountedAsync(Api, user.Session, requests);

    /// <inheritdoc cref="WaitUntilCountedAsync(GatewayUser, long)"/>
    public static async Task WaitUntilCountedAsync(HttpClient api, string session, long requests)
    {
        long counted = 0;
        for (var waited = 0; counted < requests; waited += 50)
        {
            Assert.True(waited < 10_000, $"The ledger counted {counted} of the user's {requests} requests within 10 s.");
            await Task.Delay(waited == 0 ? 0 : 50);
            var days = await api.SendAsync(HttpMethod.Get, "/api/usage", session);
            Assert.Equal(HttpStatusCode.OK, days.StatusCode);
            counted = (await days.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Sum(day => day.GetProperty("requests").GetInt64());
        }
    }

    public async Task DisposeAsync()
    {
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync();
        }

        Api.Dispose();
        await Upstream.DisposeAsync();
    }
}

public sealed record GatewayUser(string Session, string AppToken, string AppTokenId);
