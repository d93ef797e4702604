using System.Text.Json.Serialization;

namespace KeyKeeper.Silo.Storage;

/// <summary>An event on its way to <c>audit_event</c> in the row's header; the trigger of migration 0008 reads these JSON names.</summary>
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
