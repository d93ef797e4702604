using System.Text.Json.Serialization;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>A provider's verdict on a key. Written as the kebab-case words in JSON.</summary>
[GenerateSerializer, Alias("keykeeper.KeyValidationStatus")]
[JsonConverter(typeof(JsonStringEnumConverter<KeyValidationStatus>))]
public enum KeyValidationStatus
{
    [JsonStringEnumMemberName("valid")]
    Valid = 0,

    [JsonStringEnumMemberName("revoked")]
    Revoked = 1,

    [JsonStringEnumMemberName("rate-limited")]
    RateLimited = 2,

    [JsonStringEnumMemberName("unreachable")]
    Unreachable = 3,

    [JsonStringEnumMemberName("not-checkable")]
    NotCheckable = 4,

    [JsonStringEnumMemberName("unreadable")]
    Unreadable = 5,
}
