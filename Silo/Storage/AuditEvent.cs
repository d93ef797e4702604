using System.Text.Json.Serialization;

namespace KeyKeeper.Silo.Storage;

/// <summary>
/// One account or key event, on its way to the <c>audit_event</c> table. It travels in the state
/// row's header (<see cref="UserRowHeader"/>), which the trigger of migration 0008 copies into the
/// table in the same statement as the state: a change and its events commit together or not at
/// all. The JSON names below are the ones that trigger reads. Holds no value and no hint of one.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.AuditRecord")]
public sealed record AuditEvent(
    [property: Id(0), JsonPropertyName("id")] Guid Id,
    [property: Id(1), JsonPropertyName("provider")] string? Provider,
    [property: Id(2), JsonPropertyName("action")] string Action,
    [property: Id(3), JsonPropertyName("version")] int? Version,
    [property: Id(4), JsonPropertyName("at")] DateTimeOffset At,
    [property: Id(5), JsonPropertyName("sessionId")] string? SessionId,
    [property: Id(6), JsonPropertyName("clientAddress")] string? ClientAddress,
    [property: Id(7), JsonPropertyName("appTokenId")] string? AppTokenId);
