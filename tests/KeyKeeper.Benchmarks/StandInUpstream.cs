using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// A model provider that costs next to nothing, so the gateway section measures the proxies, not
/// the upstream: Kestrel in this process on 127.0.0.1, answering <c>POST …/chat/completions</c> with
/// fixed bytes, or a fixed server-sent event stream (one flush per event) when the request asks
/// for <c>"stream":true</c>. No logging, no JSON parsing.
/// </summary>
public sealed class StandInUpstream : IAsyncDisposable
{
    /// <summary>The OpenAI-style base path, as in a provider's base URL.</summary>
    public const string BasePath = "/v1";

    public const string ChatPath = "/chat/completions";

    private static readonly byte[] StreamFlag = "\"stream\":true"u8.ToArray();

    private readonly WebApplication _app;

    private StandInUpstream(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Scheme, host and port, without a path.</summary>
    public string Url { get; }

    /// <summary>The whole answer to a plain request.</summary>
    public static byte[] Completion { get; } = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"bench-model","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the stand-in upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}""");

    /// <summary>The events of a streamed answer, each sent and flushed on its own.</summary>
    public static IReadOnlyList<byte[]> StreamEvents { get; } =
    [
        Event("""{"role":"assistant","content":""}""", finish: null),
        Event("""{"content":"Hello"}""", finish: null),
        Event("""{"content":" from the"}""", finish: null),
        Event("""{"content":" stand-in upstream."}""", finish: null),
        Event("{}", finish: "stop"),
        "data: [DONE]\n\n"u8.ToArray(),
    ];

    /// <summary>A request body as an app would send it, with or without <c>"stream":true</c>.</summary>
    public static string RequestBody(bool stream) =>
        $$"""{"model":"bench-model","messages":[{"role":"user","content":"Say hello."}]{{(stream ? ",\"stream\":true" : "")}}}""";

    public static async Task<StandInUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var app = builder.Build();
        app.Run(AnswerAsync);
        await app.StartAsync();
        return new StandInUpstream(app, app.Urls.Single());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static byte[] Event(string delta, string? finish) => Encoding.UTF8.GetBytes(
        $$"""data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""" + "\n\n");

    private static async Task AnswerAsync(HttpContext context)
    {
        var response = context.Response;
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path.Value?.EndsWith(ChatPath, StringComparison.Ordinal) != true)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!await AsksForStreamAsync(context))
        {
            response.ContentType = "application/json";
            response.ContentLength = Completion.Length;
            await response.BodyWriter.WriteAsync(Completion, context.RequestAborted);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        foreach (var streamEvent in StreamEvents)
        {
            // PipeWriter.WriteAsync flushes: every event leaves as its own chunk, as a model's tokens do.
            await response.BodyWriter.WriteAsync(streamEvent, context.RequestAborted);
        }
    }

    /// <summary>Reads the whole (small) body and looks for the flag as bytes.</summary>
    private static async Task<bool> AsksForStreamAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted)
            {
                var body = read.Buffer;
                var found = body.IsSingleSegment ? body.FirstSpan.IndexOf(StreamFlag) >= 0 : body.ToArray().AsSpan().IndexOf(StreamFlag) >= 0;
                reader.AdvanceTo(body.End);
                return found;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
