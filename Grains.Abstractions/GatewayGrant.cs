namespace KeyKeeper.Grains.Abstractions;

/// <summary>What the gateway needs for one request: the key to attach, and which app token the use is counted for.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.GatewayGrant")]
public sealed record GatewayGrant(
    [property: Id(0)] KeyForUse Key,
    [property: Id(1)] string AppTokenId);
