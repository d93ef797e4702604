namespace KeyKeeper.Grains.Abstractions;

/// <summary>A stored key as its owner sees it in a list: never the plain value.</summary>
/// <param name="Provider">Provider name, e.g. <c>openai</c>.</param>
/// <param name="Masked">First 8 and last 4 characters; null when the value cannot be decrypted.</param>
/// <param name="UpdatedAt">When the value was last changed.</param>
/// <param name="Readable">False when the stored value fails to decrypt (reported, never hidden).</param>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyEntry")]
public sealed record KeyEntry(
    [property: Id(0)] string Provider,
    [property: Id(1)] string? Masked,
    [property: Id(2)] DateTimeOffset UpdatedAt,
    [property: Id(3)] bool Readable);
