namespace KeyKeeper.Silo.Legacy;

/// <summary>One <c>api_keys</c> entry of a legacy user: the provider as written and its Fernet token.</summary>
public sealed record LegacyApiKey(string Provider, string Token)
{
    // With the key file at hand the token is the key, so a logged record must not carry it.
    public override string ToString() => $"LegacyApiKey {{ Provider = {Provider} }}";
}
