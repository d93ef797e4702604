using System.Text.Json.Serialization;

namespace KeyKeeper.Silo.Keys;

/// <summary><see cref="CurrentCheck"/> compares the version, so a check never speaks for a newer value.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.ProviderKey")]
public sealed record ProviderKey(
    [property: Id(0)] IReadOnlyList<KeyVersion> Versions,
    [property: Id(1)] DateTimeOffset? DeletedAt,
    [property: Id(2)] KeyCheck? Validation = null)
{
    // Derived, so not stored: the last version would otherwise be written twice into every row.
    [JsonIgnore]
    public KeyVersion Current => Versions[^1];

    [JsonIgnore]
    public bool IsDeleted => DeletedAt is not null;

    [JsonIgnore]
    public KeyCheck? CurrentCheck => Validation?.Version == Current.Number ? Validation : null;
}
