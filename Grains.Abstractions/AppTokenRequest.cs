namespace KeyKeeper.Grains.Abstractions;

/// <summary>What an app asks for when it creates a token; checked by <see cref="Validate"/>.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.AppTokenRequest")]
public sealed record AppTokenRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> Providers,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] AppTokenLimits? Limits = null)
{
    public const int MaxNameLength = 64;
    public const int MaxProviders = 32;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    public static Dictionary<string, string[]> Validate(string? name, IReadOnlyList<string?>? providers, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength || !TextRules.IsWellFormedUtf16(name) || name.Any(char.IsControl))
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} printable characters is required."];
        }

        if (providers is not { Count: > 0 } || providers.Count > MaxProviders)
        {
            errors["providers"] = [$"Name 1 to {MaxProviders} providers whose keys the token may read."];
        }
        else if (providers.Any(provider => !ProviderName.IsValid(provider)))
        {
            errors["providers"] = [ProviderName.Rule];
        }

        if (expiresAt is not { } expiry || expiry <= now || expiry > now + MaxLifetime)
        {
            errors["expiresAt"] = [$"An expiry in the future, at most {MaxLifetime.TotalDays:0} days away, is required (e.g. \"{now.AddDays(90):yyyy-MM-ddTHH:mm:ssZ}\")."];
        }

        return errors;
    }
}
