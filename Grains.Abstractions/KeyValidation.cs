namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// What the provider answered when a key's current value was last checked against its cheapest
/// authenticated endpoint (e.g. listing models). A new value starts unchecked.
/// </summary>
/// <param name="Status">The provider's verdict, or why there is none.</param>
/// <param name="CheckedAt">When the provider was asked.</param>
/// <param name="LastValidAt">The last time the provider accepted this value; null when it never has.</param>
/// <param name="Detail">A short reason, e.g. "HTTP 401"; never a key or anything the provider's answer contained.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyValidation")]
public sealed record KeyValidation(
    [property: Id(0)] KeyValidationStatus Status,
    [property: Id(1)] DateTimeOffset CheckedAt,
    [property: Id(2)] DateTimeOffset? LastValidAt,
    [property: Id(3)] string? Detail);
