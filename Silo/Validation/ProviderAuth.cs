namespace KeyKeeper.Silo.Validation;

/// <summary>Which request header carries the key. Always a header: a key is never put in a URL.</summary>
public enum ProviderAuth
{
    Bearer = 0,

    Anthropic = 1,

    Google = 2,
}
