using System.Text.Json.Serialization;

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

/// <summary>A provider's verdict on a key. Written as the kebab-case words in JSON.</summary>
[GenerateSerializer, Alias("keykeeper.KeyValidationStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<KeyValidationStatus>))]
public enum KeyValidationStatus
{
    /// <summary>The provider accepted the key (2xx).</summary>
    [JsonStringEnumMemberName("valid")]
    Valid = 0,

    /// <summary>The provider refused the key (401 or 403): revoked, expired or never valid.</summary>
    [JsonStringEnumMemberName("revoked")]
    Revoked = 1,

    /// <summary>The provider answered 429: the key may be fine, but it could not be checked now.</summary>
    [JsonStringEnumMemberName("rate-limited")]
    RateLimited = 2,

    /// <summary>No usable answer: a timeout, a connection error, a 5xx or another unexpected answer.</summary>
    [JsonStringEnumMemberName("unreachable")]
    Unreachable = 3,

    /// <summary>No endpoint is known for the provider, so its keys cannot be checked. Never recorded.</summary>
    [JsonStringEnumMemberName("not-checkable")]
    NotCheckable = 4,

    /// <summary>The stored value does not decrypt, so there was nothing to check. Never recorded.</summary>
    [JsonStringEnumMemberName("unreadable")]
    Unreadable = 5,
}
