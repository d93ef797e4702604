namespace KeyKeeper.Grains.Abstractions;

/// <summary>What one app token did with one provider on one UTC day, through the gateway.</summary>
/// <param name="Day">The UTC day.</param>
/// <param name="AppTokenId">The app token.</param>
/// <param name="Provider">The provider.</param>
/// <param name="Requests">Requests the provider answered or was asked (refusals of the gateway itself are not counted).</param>
/// <param name="InputTokens">Input tokens, from the provider's usage fields.</param>
/// <param name="OutputTokens">Output tokens, from the provider's usage fields.</param>
/// <param name="ClientErrors">Answers 400-499 (the key refused, a bad request, the provider's rate limit).</param>
/// <param name="ServerErrors">Answers 500 and up, and providers that could not be reached.</param>
/// <param name="LastUsedAt">When the last of these requests ended.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.UsageDay")]
public sealed record UsageDay(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] string AppTokenId,
    [property: Id(2)] string Provider,
    [property: Id(3)] long Requests,
    [property: Id(4)] long InputTokens,
    [property: Id(5)] long OutputTokens,
    [property: Id(6)] long ClientErrors,
    [property: Id(7)] long ServerErrors,
    [property: Id(8)] DateTimeOffset LastUsedAt);
