namespace KeyKeeper.Grains.Abstractions;

/// <summary>The keys page in one answer: live keys, deleted keys, and each live key's kept versions.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.KeyRingView")]
public sealed record KeyRingView(
    [property: Id(0)] IReadOnlyList<KeyEntry> Keys,
    [property: Id(1)] IReadOnlyList<DeletedKey> Deleted,
    [property: Id(2)] IReadOnlyDictionary<string, IReadOnlyList<KeyVersionInfo>> Versions);
