namespace KeyKeeper.Grains.Abstractions;

/// <summary>Provider names are lowercase <c>[a-z0-9-]{1,32}</c>, e.g. <c>openai</c>, <c>google-vertex</c>.</summary>
public static class ProviderName
{
    public const int MaxLength = 32;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    public const string Rule = "A provider name is 1-32 characters of a-z, 0-9 and '-'.";
}
