namespace KeyKeeper.Grains.Abstractions;

/// <summary>Entries, newest first.</summary>
/// <param name="Items">The entries.</param>
/// <param name="NextBefore">Pass as <c>before</c> for the next page; null on the last page.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Items,
    [property: Id(1)] long? NextBefore);
