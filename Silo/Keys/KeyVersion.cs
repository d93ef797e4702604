namespace KeyKeeper.Silo.Keys;

/// <summary>One value of a provider's key, sealed with the user's data key.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyVersion")]
public sealed record KeyVersion(
    [property: Id(0)] int Number,
    [property: Id(1)] byte[] Sealed,
    [property: Id(2)] DateTimeOffset SavedAt,
    [property: Id(3)] int? RestoredFrom);
