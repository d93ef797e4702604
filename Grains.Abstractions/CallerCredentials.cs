namespace KeyKeeper.Grains.Abstractions;

/// <summary>The bearer token's secret, checked inside the grain call, and the client's address, for the audit trail.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.CallerCredentials")]
public sealed record CallerCredentials(
    [property: Id(0)] string TokenSecret,
    [property: Id(1)] string? ClientAddress);
