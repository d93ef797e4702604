namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// An app token lets an AI app read the plain values of chosen providers' keys (the <c>use</c>
/// scope) without the user's password; it can never manage keys or the account.
/// </summary>
/// <param name="Id">What <c>DELETE /api/account/app-tokens/{id}</c> takes, and what the audit trail names.</param>
/// <param name="Name">The user's name for it, e.g. "chat-backend".</param>
/// <param name="Providers">The providers whose keys it may read.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it stops working.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.AppTokenInfo")]
public sealed record AppTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Providers,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt);

/// <summary>A new app token: the token is shown this once, only its hash is kept.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.CreatedAppToken")]
public sealed record CreatedAppToken(
    [property: Id(0)] AppTokenInfo Info,
    [property: Id(1)] string Token);

/// <summary>What an app asks for when it creates a token; checked by <see cref="Validate"/>.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.AppTokenRequest")]
public sealed record AppTokenRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> Providers,
    [property: Id(2)] DateTimeOffset ExpiresAt)
{
    public const int MaxNameLength = 64;
    public const int MaxProviders = 32;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>Field name → problem, empty when the request is acceptable at <paramref name="now"/>.</summary>
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

/// <summary>Where a key an app token reads comes from.</summary>
[GenerateSerializer, Alias("keykeeper.KeySource")]
public enum KeySource
{
    /// <summary>The user's own key.</summary>
    User = 0,

    /// <summary>The deployment's default key for the provider (the user has none).</summary>
    Deployment = 1,
}

/// <summary>A key value handed to an app token, and where it came from.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Source">The user's own key, or the deployment's default.</param>
/// <param name="Value">The plain value.</param>
/// <param name="Version">The user's key version; null for a deployment key.</param>
/// <param name="LastKnownGood">When the provider last accepted this value (see <see cref="KeyValidation"/>); null when never checked or never accepted.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyForUse")]
public sealed record KeyForUse(
    [property: Id(0)] string Provider,
    [property: Id(1)] KeySource Source,
    [property: Id(2)] string Value,
    [property: Id(3)] int? Version,
    [property: Id(4)] DateTimeOffset? LastKnownGood = null);
