using System.Text.Json;

namespace KeyKeeper.Testing;

/// <summary>
/// An HTTP client handler that registers the <c>value</c> of every JSON request body with a
/// <see cref="LogLeakDetector"/> before the request leaves (so the log lines the request causes
/// are checked against it), and checks the request's URL against every value registered so far.
/// </summary>
public sealed class SavedKeyValueHandler(LogLeakDetector detector) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            detector.RegisterValue(ValueIn(await request.Content.ReadAsStringAsync(cancellationToken)));
        }

        if (request.RequestUri is not null)
        {
            detector.CheckUrl($"{request.Method} request", request.RequestUri);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static string? ValueIn(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("value", out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Tests send malformed JSON and lone surrogates on purpose: no value the service could save.
            return null;
        }
    }
}
