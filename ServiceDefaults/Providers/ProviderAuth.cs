namespace KeyKeeper.ServiceDefaults.Providers;

/// <summary>
/// How a provider takes its key, and so which error format its SDKs read. Always a header: a key
/// is never put in a URL.
/// </summary>
public enum ProviderAuth
{
    /// <summary><c>Authorization: Bearer</c>, errors as OpenAI's (OpenAI and every OpenAI-compatible API).</summary>
    Bearer = 0,

    /// <summary><c>x-api-key</c>, errors as Anthropic's.</summary>
    Anthropic = 1,

    /// <summary><c>x-goog-api-key</c>, errors as Google's.</summary>
    Google = 2,
}
