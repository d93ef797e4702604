namespace KeyKeeper.Grains.Abstractions;

/// <summary>A key value handed to an app token, and where it came from.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyForUse")]
public sealed record KeyForUse(
    [property: Id(0)] string Provider,
    [property: Id(1)] KeySource Source,
    [property: Id(2)] string Value,
    [property: Id(3)] int? Version,
    [property: Id(4)] DateTimeOffset? LastKnownGood = null);
