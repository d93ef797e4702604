namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// One request through the gateway, as it ended: the provider's status (0 when it could not be
/// reached), the tokens its answer reported in its usage fields, and the user's key version that
/// was sent (null for the deployment's key).
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.GatewayUse")]
public sealed record GatewayUse(
    [property: Id(0)] string AppTokenId,
    [property: Id(1)] string Provider,
    [property: Id(2)] int Status,
    [property: Id(3)] long InputTokens,
    [property: Id(4)] long OutputTokens,
    [property: Id(5)] int? KeyVersion = null);
