namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// One request through the gateway, as it ended: the provider's status (0 when it could not be
/// reached) and the tokens its answer reported in its usage fields.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.GatewayUse")]
public sealed record GatewayUse(
    [property: Id(0)] string AppTokenId,
    [property: Id(1)] string Provider,
    [property: Id(2)] int Status,
    [property: Id(3)] long InputTokens,
    [property: Id(4)] long OutputTokens);
