namespace KeyKeeper.Grains.Abstractions;

/// <summary>A key value handed to an app token, and where it came from.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Source">The user's own key, or the deployment's default.</param>
/// <param name="Value">The plain value.</param>
/// <param name="Version">The user's key version; null for a deployment key.</param>
/// <param name="LastKnownGood">When the provider last accepted this value (see <see cref="KeyValidation"/>); null when never checked or never accepted.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyForUse")]
public sealed record KeyForUse(
    [property: Id(0)] string Provider,
    [property: Id(1)] KeySource Source,
    [property: Id(2)] string Value,
    [property: Id(3)] int? Version,
    [property: Id(4)] DateTimeOffset? LastKnownGood = null);
