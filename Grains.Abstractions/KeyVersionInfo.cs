namespace KeyKeeper.Grains.Abstractions;

/// <summary>One kept version of a provider's key.</summary>
/// <param name="Number">1 for the first value ever saved for the provider, then counting up.</param>
/// <param name="Masked">The masked hint; null when it cannot be decrypted.</param>
/// <param name="SavedAt">When this version was saved.</param>
/// <param name="RestoredFrom">The version it copies, when it was made by a restore.</param>
/// <param name="Current">True for the value in use.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyVersionInfo")]
public sealed record KeyVersionInfo(
    [property: Id(0)] int Number,
    [property: Id(1)] string? Masked,
    [property: Id(2)] DateTimeOffset SavedAt,
    [property: Id(3)] int? RestoredFrom,
    [property: Id(4)] bool Current);
