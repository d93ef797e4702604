namespace KeyKeeper.Grains.Abstractions;

/// <summary>A stored key as its owner sees it: never the plain value.</summary>
/// <param name="Provider">Provider name, e.g. <c>openai</c>.</param>
/// <param name="Masked">First 8 and last 4 characters; null when the value cannot be decrypted.</param>
/// <param name="Version">The current value's version number (the ETag for check-and-set).</param>
/// <param name="UpdatedAt">When the current value was saved (or restored).</param>
/// <param name="AgeDays">Whole days since then.</param>
/// <param name="RotationDue">True once the value is older than the rotation policy allows.</param>
/// <param name="Readable">False when the stored value fails to decrypt (reported, never hidden).</param>
/// <param name="Validation">The last check of the current value with the provider; null when it has not been checked.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyEntry")]
public sealed record KeyEntry(
    [property: Id(0)] string Provider,
    [property: Id(1)] string? Masked,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] int AgeDays,
    [property: Id(5)] bool RotationDue,
    [property: Id(6)] bool Readable,
    [property: Id(7)] KeyValidation? Validation = null);
