namespace KeyKeeper.Grains.Abstractions;

/// <summary>A page of the audit trail, newest first.</summary>
/// <param name="Provider">Only this provider's entries.</param>
/// <param name="From">Only entries at or after this time.</param>
/// <param name="To">Only entries before this time.</param>
/// <param name="Limit">Entries per page, 1 to <see cref="MaxLimit"/>.</param>
/// <param name="Before">Only entries with a smaller id (the previous page's <see cref="AuditPage.NextBefore"/>).</param>
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
