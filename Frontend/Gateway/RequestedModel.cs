using System.Text.Json;

namespace KeyKeeper.Frontend.Gateway;

/// <summary>
/// The model a request asks for: Gemini's is in the path (<c>…/models/{model}:generateContent</c>),
/// OpenAI's and Anthropic's in the JSON body's <c>model</c>. Read only for a token limited to some
/// models, as reading the body means holding it before it goes on.
/// </summary>
public static class RequestedModel
{
    private const string ModelsSegment = "/models/";

    public static async Task<string?> ReadAsync(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        if (path.IndexOf(ModelsSegment, StringComparison.Ordinal) is var at and >= 0)
        {
            var rest = path[(at + ModelsSegment.Length)..];
            var end = rest.IndexOfAny([':', '/']);
            return end < 0 ? rest : rest[..end];
        }

        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        request.EnableBuffering();
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String
                ? model.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
