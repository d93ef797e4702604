namespace KeyKeeper.Grains.Abstractions;

/// <summary>A page of the audit trail, newest first.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] string? Provider,
    [property: Id(1)] DateTimeOffset? From,
    [property: Id(2)] DateTimeOffset? To,
    [property: Id(3)] int Limit,
    [property: Id(4)] long? Before)
{
    public const int MaxLimit = 200;
    public const int DefaultLimit = 50;
}
