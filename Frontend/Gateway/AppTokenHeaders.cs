using KeyKeeper.ServiceDefaults.Providers;

namespace KeyKeeper.Frontend.Gateway;

/// <summary>Where an app's SDK puts its API key, which through the gateway is the app token.</summary>
public static class AppTokenHeaders
{
    /// <summary>Query parameters that carry keys in some APIs (Gemini's <c>?key=</c>): refused, as URLs end up in logs.</summary>
    private static readonly string[] KeyParameters = ["key", "api_key", "api-key", "apikey", "access_token"];

    /// <summary>The token from the provider's own header first, then from any other an SDK uses (Anthropic's sends a bearer token, for one).</summary>
    public static string? Find(HttpRequest request, ProviderEndpoint endpoint)
    {
        foreach (var header in new[] { endpoint.KeyHeader, "Authorization", "x-api-key", "x-goog-api-key", "api-key" })
        {
            var value = request.Headers[header].ToString();
            if (value.Length == 0)
            {
                continue;
            }

            return string.Equals(header, "Authorization", StringComparison.OrdinalIgnoreCase)
                ? value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : null
                : value.Trim();
        }

        return null;
    }

    public static bool HasKeyInQuery(HttpRequest request) =>
        request.Query.Keys.Any(name => KeyParameters.Contains(name, StringComparer.OrdinalIgnoreCase));
}
