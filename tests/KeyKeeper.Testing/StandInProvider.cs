using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Testing;

/// <summary>
/// A stand-in AI provider on 127.0.0.1 for key checks: any GET whose path ends in <c>/models</c>
/// is answered by the key it carries (<c>Authorization: Bearer</c>, <c>x-api-key</c> or
/// <c>x-goog-api-key</c>) as told by <see cref="Answer"/>, else 401. Every request line and its
/// headers are recorded, so a test can see where the key travelled. It logs nothing.
/// </summary>
public sealed class StandInProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, TimeSpan Delay)> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private StandInProvider(WebApplication app) => _app = app;

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:5123</c> (no trailing slash).</summary>
    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<StandInProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new StandInProvider(app);
        app.Run(provider.AnswerAsync);
        await app.StartAsync();
        provider.Address = new Uri(app.Urls.Single());
        return provider;
    }

    /// <summary>The URL of a models endpoint on this stand-in, e.g. <c>/v1/models</c>.</summary>
    public string Url(string path) => new Uri(Address, path).ToString();

    /// <summary>Answers requests with <paramref name="key"/> with <paramref name="status"/>, after <paramref name="delay"/>.</summary>
    public void Answer(string key, int status, TimeSpan delay = default) => _answers[key] = (status, delay);

    /// <summary>The requests whose line or headers contain <paramref name="key"/> anywhere.</summary>
    public IReadOnlyList<RecordedRequest> RequestsWith(string key) =>
        [.. _requests.Where(request => request.Line.Contains(key, StringComparison.Ordinal)
            || request.Headers.Values.Any(value => value.Contains(key, StringComparison.Ordinal)))];

    /// <summary>Stops listening: from now on the provider is unreachable.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
        _requests.Enqueue(new RecordedRequest($"{request.Method} {request.Path}{request.QueryString}", headers));
        if (!HttpMethods.IsGet(request.Method) || !request.Path.Value!.EndsWith("/models", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var key = headers.GetValueOrDefault("x-api-key") ?? headers.GetValueOrDefault("x-goog-api-key")
            ?? (headers.GetValueOrDefault("authorization") is { } authorization && authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                ? authorization["Bearer ".Length..] : null);
        var (status, delay) = key is not null && _answers.TryGetValue(key, out var answer) ? answer : (StatusCodes.Status401Unauthorized, TimeSpan.Zero);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        context.Response.StatusCode = status;
        // Like real providers, the answer echoes what it was sent: the service must never read it.
        await context.Response.WriteAsync($$"""{"object":"list","data":[],"received":"{{key}}"}""", context.RequestAborted);
    }
}
