using System.Net;
using System.Net.Http.Headers;
using KeyKeeper.Grains.Abstractions;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Validation;

/// <summary>
/// The key travels only in a header, never the URL, which logs and traces see. The answer's body is never read
/// (some providers echo what they were sent), and there are no retries: a refused key asked again is only noise.
/// </summary>
public sealed class ProviderValidator(IHttpClientFactory clients, IOptions<KeyValidationOptions> options)
{
    public const string HttpClientName = "key-validation";

    private const string AnthropicVersion = "2023-06-01";

    private static readonly Dictionary<string, (Uri Url, ProviderAuth Auth)> BuiltIn = new(StringComparer.Ordinal)
    {
        ["openai"] = (new Uri("https://api.openai.com/v1/models"), ProviderAuth.Bearer),
        ["anthropic"] = (new Uri("https://api.anthropic.com/v1/models"), ProviderAuth.Anthropic),
        ["google"] = (new Uri("https://generativelanguage.googleapis.com/v1beta/models"), ProviderAuth.Google),
        ["groq"] = (new Uri("https://api.groq.com/openai/v1/models"), ProviderAuth.Bearer),
    };

    private KeyValidationOptions Options => options.Value;

    public static bool IsBuiltIn(string provider) => BuiltIn.ContainsKey(provider);

    public IReadOnlyList<string> CheckableProviders =>
        [.. BuiltIn.Keys.Concat(Options.Providers.Where(pair => pair.Value.BaseUrl is not null).Select(pair => pair.Key)).Distinct().Order(StringComparer.Ordinal)];

    public bool CanCheck(string provider) => Endpoint(provider) is not null;

    /// <summary>Never throws for what the provider or the network does.</summary>
    public async Task<ProviderCheck> CheckAsync(string provider, string key, CancellationToken cancellationToken)
    {
        if (Endpoint(provider) is not { } endpoint)
        {
            return new(KeyValidationStatus.NotCheckable, $"No check endpoint is known for {provider}.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Url);
        switch (endpoint.Auth)
        {
            case ProviderAuth.Anthropic:
                request.Headers.TryAddWithoutValidation("x-api-key", key);
                request.Headers.TryAddWithoutValidation("anthropic-version", AnthropicVersion);
                break;
            case ProviderAuth.Google:
                request.Headers.TryAddWithoutValidation("x-goog-api-key", key);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                break;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return Verdict(response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(KeyValidationStatus.Unreachable, $"No answer within {Options.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            // The error kind only: a message could carry whatever a proxy or the provider said.
            return new(KeyValidationStatus.Unreachable, $"The request failed ({e.HttpRequestError}).");
        }
    }

    private static ProviderCheck Verdict(HttpStatusCode status)
    {
        var code = (int)status;
        return code switch
        {
            >= 200 and < 300 => new(KeyValidationStatus.Valid, $"HTTP {code}"),
            401 or 403 => new(KeyValidationStatus.Revoked, $"HTTP {code}"),
            429 => new(KeyValidationStatus.RateLimited, $"HTTP {code}"),
            >= 500 => new(KeyValidationStatus.Unreachable, $"HTTP {code}"),
            _ => new(KeyValidationStatus.Unreachable, $"Unexpected answer HTTP {code}."),
        };
    }

    private (Uri Url, ProviderAuth Auth)? Endpoint(string provider)
    {
        var configured = Options.Providers.GetValueOrDefault(provider);
        var builtIn = BuiltIn.TryGetValue(provider, out var known) ? known : ((Uri Url, ProviderAuth Auth)?)null;
        var url = configured?.BaseUrl is { } configuredUrl ? new Uri(configuredUrl, UriKind.Absolute) : builtIn?.Url;
        return url is null ? null : (url, configured?.Auth ?? builtIn?.Auth ?? ProviderAuth.Bearer);
    }
}
