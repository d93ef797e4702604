using System.Text.Json.Serialization;

namespace KeyKeeper.Silo.Accounts;

/// <summary>Only a step later than <see cref="LastUsedStep"/> is accepted, so a code seen once cannot be replayed.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.TwoFactorState")]
public sealed record TwoFactorState(
    [property: Id(0)] byte[] SealedSecret,
    [property: Id(1)] DateTimeOffset? EnabledAt,
    [property: Id(2)] IReadOnlyList<string> RecoveryCodeHashes,
    [property: Id(3)] long LastUsedStep)
{
    [JsonIgnore]
    public bool IsEnabled => EnabledAt is not null;
}
