namespace KeyKeeper.Grains.Abstractions;

/// <summary>A soft-deleted key: gone from the list, back with undelete until it is purged.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.DeletedKey")]
public sealed record DeletedKey(
    [property: Id(0)] string Provider,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset DeletedAt,
    [property: Id(3)] DateTimeOffset PurgeAfter);
