namespace KeyKeeper.Silo.Accounts;

/// <summary>A bearer-token session; the token itself is never stored.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.UserSession")]
public sealed record UserSession(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt);
