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
/// <param name="Limits">What it may do through the gateway (requests a minute, tokens a day, models); null limits are none.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.AppTokenInfo")]
public sealed record AppTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Providers,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] AppTokenLimits Limits);
