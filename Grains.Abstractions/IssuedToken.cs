namespace KeyKeeper.Grains.Abstractions;

/// <summary>A bearer token, shown once; the service keeps only its hash.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.IssuedToken")]
public sealed record IssuedToken(
    [property: Id(0)] string Token,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] string SessionId);
