using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Testing;

/// <summary>
/// A stand-in model provider on 127.0.0.1 that speaks enough of OpenAI's and Anthropic's APIs for
/// their official SDKs: chat completions and embeddings (<c>…/chat/completions</c>,
/// <c>…/embeddings</c>) and messages (<c>…/v1/messages</c>), each plain or streamed as
/// server-sent events with the providers' usage fields. It records every request (line, headers,
/// body), can hold a stream half-sent until told, answer the next request with a given error,
/// or hang until the caller goes away. It logs nothing.
/// </summary>
public sealed class StandInModelApi : IAsyncDisposable
{
    public const string ReplyText = "Hello from the stand-in";
    public const int InputTokens = 11;
    public const int OutputTokens = 7;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedModelRequest> _requests = new();
    private volatile TaskCompletionSource? _streamGate;
    private volatile TaskCompletionSource? _heldStream;
    private readonly ConcurrentDictionary<string, CannedError> _errors = new(StringComparer.Ordinal);
    private volatile string? _hangMarker;

    private StandInModelApi(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<RecordedModelRequest> Requests => [.. _requests];

    /// <summary>Set when a request that was made to hang saw its caller go away.</summary>
    public TaskCompletionSource HungRequestAborted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set once a stream has sent its first part and waits at the gate.</summary>
    public TaskCompletionSource StreamHeld { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a stream has sent its last byte.</summary>
    public TaskCompletionSource StreamFinished { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<StandInModelApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new StandInModelApi(app);
        app.Run(api.AnswerAsync);
        await app.StartAsync();
        api.Address = new Uri(app.Urls.Single());
        return api;
    }

    /// <summary>A base URL on this stand-in, e.g. <c>/v1</c> for an OpenAI-style API.</summary>
    public string Url(string path) => new Uri(Address, path).ToString();

    /// <summary>The next stream sends its first part, then waits until <see cref="ReleaseStream"/>.</summary>
    public void HoldNextStream()
    {
        StreamHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
        StreamFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _streamGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseStream() => (_heldStream ?? _streamGate)?.TrySetResult();

    /// <summary>The next request that carries <paramref name="marker"/> (a key, say) is answered with exactly this status, body and headers.</summary>
    public void FailNext(string marker, int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        _errors[marker] = new CannedError(status, body, headers ?? new Dictionary<string, string>());

    /// <summary>The next request whose body carries <paramref name="marker"/> is never answered; <see cref="HungRequestAborted"/> is set when its caller goes away.</summary>
    public void HangNext(string marker)
    {
        HungRequestAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _hangMarker = marker;
    }

    /// <summary>The requests whose line, headers or body contain <paramref name="text"/> anywhere.</summary>
    public IReadOnlyList<RecordedModelRequest> RequestsWith(string text) => [.. _requests.Where(request => request.Contains(text))];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        var headers = request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
        var recorded = new RecordedModelRequest($"{request.Method} {request.Path}{request.QueryString}", headers, body);
        _requests.Enqueue(recorded);

        if (_hangMarker is { } marker && body.Contains(marker, StringComparison.Ordinal))
        {
            _hangMarker = null;
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                HungRequestAborted.TrySetResult();
            }

            return;
        }

        if (_errors.Keys.FirstOrDefault(recorded.Contains) is { } errorMarker && _errors.TryRemove(errorMarker, out var error))
        {
            context.Response.StatusCode = error.Status;
            foreach (var (name, value) in error.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(error.Body);
            return;
        }

        var path = request.Path.Value ?? string.Empty;
        var stream = body.Length > 0 && JsonDocument.Parse(body).RootElement.TryGetProperty("stream", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            await (stream ? StreamChatAsync(context) : WriteJsonAsync(context, ChatCompletion()));
        }
        else if (path.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,0.5,0.75]}],"model":"stand-in-embedding","usage":{"prompt_tokens":3,"total_tokens":3}}""");
        }
        else if (path.EndsWith("/v1/messages", StringComparison.Ordinal))
        {
            await (stream ? StreamMessageAsync(context) : WriteJsonAsync(context, Message()));
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await WriteJsonAsync(context, """{"error":{"message":"no such route on the stand-in","type":"invalid_request_error"}}""");
        }
    }

    private static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    private static readonly object ChatUsage = new { prompt_tokens = InputTokens, completion_tokens = OutputTokens, total_tokens = InputTokens + OutputTokens };

    private static string ChatCompletion() => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-standin", @object = "chat.completion", created = 1700000000, model = "stand-in-chat",
        choices = new[] { new { index = 0, message = new { role = "assistant", content = ReplyText }, finish_reason = "stop" } },
        usage = ChatUsage,
    });

    private static string Message() => JsonSerializer.Serialize(new
    {
        id = "msg_standin", type = "message", role = "assistant", model = "stand-in-claude",
        content = new[] { new { type = "text", text = ReplyText } },
        stop_reason = "end_turn", stop_sequence = (string?)null,
        usage = new { input_tokens = InputTokens, output_tokens = OutputTokens },
    });

    private Task StreamChatAsync(HttpContext context)
    {
        static string Data(object chunk) => $"data: {JsonSerializer.Serialize(chunk)}\n\n";
        static string Chunk(object delta, string? finish) => Data(new
        {
            id = "chatcmpl-standin", @object = "chat.completion.chunk", created = 1700000000, model = "stand-in-chat",
            choices = new[] { new { index = 0, delta, finish_reason = finish } },
        });

        var words = ReplyText.Split(' ');
        var first = Chunk(new { role = "assistant", content = "" }, null) + Chunk(new { content = words[0] }, null);
        var rest = string.Concat(words.Skip(1).Select(word => Chunk(new { content = " " + word }, null)))
            + Chunk(new { }, "stop")
            + Data(new { id = "chatcmpl-standin", @object = "chat.completion.chunk", created = 1700000000, model = "stand-in-chat", choices = Array.Empty<object>(), usage = ChatUsage })
            + "data: [DONE]\n\n";
        return StreamAsync(context, first, rest);
    }

    private Task StreamMessageAsync(HttpContext context)
    {
        static string Event(string name, object data) => $"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n";
        static string Delta(string text) => Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text } });

        var words = ReplyText.Split(' ');
        var first = Event("message_start", new
            {
                type = "message_start",
                message = new
                {
                    id = "msg_standin", type = "message", role = "assistant", model = "stand-in-claude", content = Array.Empty<object>(),
                    stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = InputTokens, output_tokens = 1 },
                },
            })
            + Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } })
            + Delta(words[0]);
        var rest = string.Concat(words.Skip(1).Select(word => Delta(" " + word)))
            + Event("content_block_stop", new { type = "content_block_stop", index = 0 })
            + Event("message_delta", new { type = "message_delta", delta = new { stop_reason = "end_turn", stop_sequence = (string?)null }, usage = new { output_tokens = OutputTokens } })
            + Event("message_stop", new { type = "message_stop" });
        return StreamAsync(context, first, rest);
    }

    private async Task StreamAsync(HttpContext context, string first, string rest)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.WriteAsync(first, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        if (Interlocked.Exchange(ref _streamGate, null) is { } gate)
        {
            _heldStream = gate;
            StreamHeld.TrySetResult();
            await gate.Task.WaitAsync(context.RequestAborted);
        }

        await context.Response.WriteAsync(rest, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        StreamFinished.TrySetResult();
    }
}

internal sealed record CannedError(int Status, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>A request the stand-in received: its line, headers (names in lower case) and body.</summary>
public sealed record RecordedModelRequest(string Line, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public bool Contains(string text) =>
        Line.Contains(text, StringComparison.Ordinal) || Body.Contains(text, StringComparison.Ordinal)
        || Headers.Any(header => header.Key.Contains(text, StringComparison.Ordinal) || header.Value.Contains(text, StringComparison.Ordinal));
}
