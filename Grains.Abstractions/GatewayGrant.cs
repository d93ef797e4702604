namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// What the gateway needs for one request: the key to attach, which app token the use is counted
/// for, and the models the token may ask for (the gateway reads the model from the request; empty: any).
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.GatewayGrant")]
public sealed record GatewayGrant(
    [property: Id(0)] KeyForUse Key,
    [property: Id(1)] string AppTokenId,
    [property: Id(2)] AppTokenLimits Limits);
