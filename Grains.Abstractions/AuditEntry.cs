namespace KeyKeeper.Grains.Abstractions;

/// <summary>One line of a user's audit trail: never a value or a hint of one.</summary>
/// <param name="Id">Increasing; pages continue below the last id seen.</param>
/// <param name="Provider">The key it concerns.</param>
/// <param name="Action">One of <see cref="AuditAction"/>.</param>
/// <param name="Version">The key version it made or touched.</param>
/// <param name="At">When it happened.</param>
/// <param name="SessionId">The session whose token made the change; null for the service itself (a purge after the recovery window).</param>
/// <param name="ClientAddress">The address the request came from.</param>
/// <param name="AppTokenId">The app token that read the key, or that was created or revoked.</param>
[GenerateSerializer, Immutable, Alias("keykeeper.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Id,
    [property: Id(1)] string? Provider,
    [property: Id(2)] string Action,
    [property: Id(3)] int? Version,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? SessionId,
    [property: Id(6)] string? ClientAddress,
    [property: Id(7)] string? AppTokenId);
