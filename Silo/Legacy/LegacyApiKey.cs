namespace KeyKeeper.Silo.Legacy;

public sealed record LegacyApiKey(string Provider, string Token)
{
    // With the key file at hand the token is the key, so a logged record must not carry it.
    public override string ToString() => $"LegacyApiKey {{ Provider = {Provider} }}";
}
