using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Keys;

/// <summary>What the provider answered for one version (see <see cref="KeyValidation"/>); never the value.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyCheck")]
public sealed record KeyCheck(
    [property: Id(0)] int Version,
    [property: Id(1)] KeyValidationStatus Status,
    [property: Id(2)] DateTimeOffset CheckedAt,
    [property: Id(3)] DateTimeOffset? LastValidAt,
    [property: Id(4)] string? Detail)
{
    public KeyValidation ToValidation() => new(Status, CheckedAt, LastValidAt, Detail);
}
