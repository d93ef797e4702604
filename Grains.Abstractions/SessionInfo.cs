namespace KeyKeeper.Grains.Abstractions;

/// <summary>One of the user's live sessions (a bearer token); the token itself is never shown again.</summary>
/// <param name="Id">What <c>DELETE /api/account/sessions/{id}</c> takes.</param>
/// <param name="CreatedAt">When the token was issued.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="Current">True for the session making the request.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.SessionInfo")]
public sealed record SessionInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] bool Current);
