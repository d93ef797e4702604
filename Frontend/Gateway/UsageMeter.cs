using System.Buffers;
using System.Text.Json;

namespace KeyKeeper.Frontend.Gateway;

/// <summary>
/// Passes a provider's answer on to the app unchanged while reading the usage fields in it: the
/// last <c>usage</c> (OpenAI's <c>prompt_tokens</c>/<c>completion_tokens</c> or
/// <c>input_tokens</c>/<c>output_tokens</c>, Anthropic's, also inside <c>message</c> or
/// <c>response</c>) or Google's <c>usageMetadata</c>, of a JSON answer or of each server-sent event.
/// Streams report usage in their last events (OpenAI's final chunk, Anthropic's
/// <c>message_delta</c>), and every count is cumulative, so the last one seen is the request's.
/// </summary>
public sealed class UsageMeter(HttpResponse response) : Stream
{
    /// <summary>A JSON answer past this is passed on but not read: usage comes in answers far smaller.</summary>
    private const int MaxJsonBytes = 4 * 1024 * 1024;

    private readonly Stream _app = response.Body;
    private readonly ArrayBufferWriter<byte> _pending = new();
    private bool? _eventStream;
    private bool _tooLarge;

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _app.WriteAsync(buffer, cancellationToken);
        Observe(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _app.Write(buffer, offset, count);
        Observe(buffer.AsSpan(offset, count));
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _app.FlushAsync(cancellationToken);

    public override void Flush() => _app.Flush();

    /// <summary>Reads what is left once the answer has ended: a JSON answer is read whole here.</summary>
    public void Complete()
    {
        if (_eventStream is false && !_tooLarge)
        {
            Read(_pending.WrittenSpan);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        // The provider's headers are copied before its body: the first write knows what the body is.
        _eventStream ??= response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true;
        if (_eventStream is false)
        {
            _tooLarge |= _pending.WrittenCount + bytes.Length > MaxJsonBytes;
            if (!_tooLarge)
            {
                _pending.Write(bytes);
            }

            return;
        }

        // Server-sent events: one JSON document per "data:" line; only lines that mention usage are parsed.
        while (bytes.IndexOf((byte)'\n') is var end and >= 0)
        {
            if (_pending.WrittenCount > 0)
            {
                _pending.Write(bytes[..end]);
                ReadEventLine(_pending.WrittenSpan);
                _pending.ResetWrittenCount();
            }
            else
            {
                ReadEventLine(bytes[..end]);
            }

            bytes = bytes[(end + 1)..];
        }

        if (_pending.WrittenCount + bytes.Length <= MaxJsonBytes)
        {
            _pending.Write(bytes);
        }
    }

    private void ReadEventLine(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("data:"u8) && (line.IndexOf("usage"u8) >= 0 || line.IndexOf("Usage"u8) >= 0))
        {
            Read(line["data:"u8.Length..]);
        }
    }

    private void Read(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (UsageOf(document.RootElement) is not { } usage)
            {
                return;
            }

            if (Count(usage, "prompt_tokens", "input_tokens", "promptTokenCount") is { } input)
            {
                InputTokens = input;
            }

            if (Count(usage, "completion_tokens", "output_tokens", "candidatesTokenCount") is { } output)
            {
                OutputTokens = output;
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page, a keep-alive comment): nothing to count.
        }
    }

    private static JsonElement? UsageOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var (container, name) in new[] { ((string?)null, "usage"), (null, "usageMetadata"), ("message", "usage"), ("response", "usage") })
        {
            var parent = root;
            if (container is not null && !(root.TryGetProperty(container, out parent) && parent.ValueKind == JsonValueKind.Object))
            {
                continue;
            }

            if (parent.TryGetProperty(name, out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                return usage;
            }
        }

        return null;
    }

    private static long? Count(JsonElement usage, params string[] names)
    {
        foreach (var name in names)
        {
            if (usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var count))
            {
                return count;
            }
        }

        return null;
    }
}
