namespace KeyKeeper.ServiceDefaults.Providers;

/// <summary>A provider's API as its official SDK knows it: the base URL an SDK is given, and how the key is sent.</summary>
public sealed record ProviderEndpoint(string Name, Uri BaseUrl, ProviderAuth Auth)
{
    /// <summary>The header the key goes in, towards the provider.</summary>
    public string KeyHeader => Auth switch
    {
        ProviderAuth.Anthropic => "x-api-key",
        ProviderAuth.Google => "x-goog-api-key",
        _ => "Authorization",
    };

    /// <summary>The header value for <paramref name="key"/>.</summary>
    public string KeyHeaderValue(string key) => Auth == ProviderAuth.Bearer ? $"Bearer {key}" : key;

    /// <summary>Where listing the models checks a key: the cheapest call every provider answers.</summary>
    public Uri ModelsUrl => Under(Auth switch
    {
        ProviderAuth.Anthropic => "v1/models",
        ProviderAuth.Google => "v1beta/models",
        _ => "models",
    });

    /// <summary><paramref name="path"/> (no leading slash) under the base URL, whose own path is kept.</summary>
    public Uri Under(string path) => new($"{BaseUrl.AbsoluteUri.TrimEnd('/')}/{path}");
}
