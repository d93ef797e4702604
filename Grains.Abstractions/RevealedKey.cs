namespace KeyKeeper.Grains.Abstractions;

/// <summary>The outcome of revealing one key.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.RevealedKey")]
public sealed record RevealedKey(
    [property: Id(0)] RevealStatus Status,
    [property: Id(1)] string? Value);

/// <summary>Why a reveal did or did not return a value.</summary>
[GenerateSerializer, Alias("keykeeper.RevealStatus")]
public enum RevealStatus
{
    Revealed = 0,
    NotFound = 1,
    Unreadable = 2,
}
