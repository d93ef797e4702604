namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// Who is calling and from where: the bearer token's secret, which the grain checks inside the
/// call, and the client's address, which goes into the audit trail.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.CallerCredentials")]
public sealed record CallerCredentials(
    [property: Id(0)] string TokenSecret,
    [property: Id(1)] string? ClientAddress);
