using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Accounts;

/// <summary>An app token (see <see cref="AppTokenInfo"/>); the token itself is never stored.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.AppToken")]
public sealed record AppToken(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Providers,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] AppTokenLimits? Limits = null)
{
    public AppTokenInfo ToInfo() => new(Id, Name, Providers, CreatedAt, ExpiresAt, Limits ?? AppTokenLimits.None);
}
