using System.Text.Json.Serialization;

namespace KeyKeeper.Grains.Abstractions;

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
