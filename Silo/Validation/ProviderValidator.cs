using System.Net;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults.Providers;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Silo.Validation;

/// <summary>
/// The key travels only in a header, never the URL, which logs and traces see. The answer's body is never read
/// (some providers echo what they were sent), and there are no retries: a refused key asked again is only noise.
/// </summary>
public sealed class ProviderValidator(IHttpClientFactory clients, ProviderEndpoints endpoints, IOptions<KeyValidationOptions> options)
{
    public const string HttpClientName = "key-validation";

    private const string AnthropicVersion = "2023-06-01";

    private KeyValidationOptions Options => options.Value;

    public IReadOnlyList<string> CheckableProviders => [.. endpoints.Names.Order(StringComparer.Ordinal)];

    public bool CanCheck(string provider) => endpoints.Find(provider) is not null;

    /// <summary>Never throws for what the provider or the network does.</summary>
    public async Task<ProviderCheck> CheckAsync(string provider, string key, CancellationToken cancellationToken)
    {
        if (endpoints.Find(provider) is not { } endpoint)
        {
            return new(KeyValidationStatus.NotCheckable, $"No check endpoint is known for {provider}.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.ModelsUrl);
        request.Headers.TryAddWithoutValidation(endpoint.KeyHeader, endpoint.KeyHeaderValue(key));
        if (endpoint.Auth == ProviderAuth.Anthropic)
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", AnthropicVersion);
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
}
