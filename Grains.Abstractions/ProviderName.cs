using System.Diagnostics.CodeAnalysis;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>Route and form binding parse it, so a handler that takes one never sees a malformed name.</summary>
public readonly record struct ProviderName : IParsable<ProviderName>
{
    public const int MaxLength = 32;

    public const string Rule = "A provider name is 1-32 characters of a-z, 0-9 and '-'.";

    private ProviderName(string value) => Value = value;

    public string Value { get; }

    public static bool IsValid([NotNullWhen(true)] string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ProviderName result)
    {
        result = IsValid(s) ? new ProviderName(s) : default;
        return result.Value is not null;
    }

    public static bool TryParse([NotNullWhen(true)] string? s, out ProviderName result) => TryParse(s, null, out result);

    public static ProviderName Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var result) ? result : throw KeyKeeperException.InvalidInput("provider", Rule);

    public static implicit operator string(ProviderName name) => name.Value;

    public override string ToString() => Value;
}
