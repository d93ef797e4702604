namespace KeyKeeper.Silo.Validation;

/// <summary>Which request header carries the key. Always a header: a key is never put in a URL.</summary>
public enum ProviderAuth
{
    /// <summary><c>Authorization: Bearer …</c> (OpenAI, Groq and most OpenAI-compatible APIs).</summary>
    Bearer = 0,

    /// <summary><c>x-api-key: …</c> with <c>anthropic-version</c>.</summary>
    Anthropic = 1,

    /// <summary><c>x-goog-api-key: …</c> (the Gemini API; its <c>?key=</c> query form is never used).</summary>
    Google = 2,
}
