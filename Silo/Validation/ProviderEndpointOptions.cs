namespace KeyKeeper.Silo.Validation;

public sealed class ProviderEndpointOptions
{
    public string? BaseUrl { get; set; }

    /// <summary>Defaults to the built-in provider's way, else <see cref="ProviderAuth.Bearer"/>.</summary>
    public ProviderAuth? Auth { get; set; }
}
