namespace KeyKeeper.Silo.Validation;

/// <summary>One provider's check endpoint (<c>KeyValidation:Providers:&lt;name&gt;</c>).</summary>
public sealed class ProviderEndpointOptions
{
    /// <summary>
    /// The full URL of the provider's cheapest authenticated endpoint, e.g.
    /// <c>https://api.openai.com/v1/models</c>. HTTPS, except on loopback. Never holds a key.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>How the key is sent; defaults to the built-in provider's way, else <see cref="ProviderAuth.Bearer"/>.</summary>
    public ProviderAuth? Auth { get; set; }
}
