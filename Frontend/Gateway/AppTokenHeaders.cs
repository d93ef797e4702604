using KeyKeeper.ServiceDefaults.Providers;

namespace KeyKeeper.Frontend.Gateway;

/// <summary>Where an app's SDK puts its API key, which through the gateway is the app token.</summary>
public static class AppTokenHeaders
{
    /// <summary>Query parameters that carry keys in some APIs (Gemini's <c>?key=</c>): refused, as URLs end up in logs.</summary>
    private static readonly string[] KeyParameters = ["key", "api_key", "api-key", "apikey", "access_token"];

    /// <summary>Every header an SDK sends its key in; through the gateway, the app token.</summary>
    public static readonly string[] KeyHeaders = ["Authorization", "x-api-key", "x-goog-api-key", "api-key"];

    /// <summary>The token from the provider's own header first, then from any other an SDK uses (Anthropic's sends a bearer token, for one).</summary>
    public static string? Find(HttpRequest request, ProviderEndpoint endpoint)
    {
        if (In(request, endpoint.KeyHeader) is { } own)
        {
            return own;
        }

        foreach (var header in KeyHeaders)
        {
            if (In(request, header) is { } token)
            {
                return token;
            }
        }

        return null;
    }

    private static string? In(HttpRequest request, string header)
    {
        var value = request.Headers[header].ToString();
        return value.Length == 0 ? null
            : !string.Equals(header, "Authorization", StringComparison.OrdinalIgnoreCase) ? value.Trim()
            : value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : string.Empty;
    }

    public static bool HasKeyInQuery(HttpRequest request) =>
        request.Query.Keys.Any(name => KeyParameters.Contains(name, StringComparer.OrdinalIgnoreCase));
}
