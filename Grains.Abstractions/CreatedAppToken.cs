namespace KeyKeeper.Grains.Abstractions;

/// <summary>A new app token: the token is shown this once, only its hash is kept.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.CreatedAppToken")]
public sealed record CreatedAppToken(
    [property: Id(0)] AppTokenInfo Info,
    [property: Id(1)] string Token);
