using System.Text.Json.Serialization;
using KeyKeeper.Silo.Users;

namespace KeyKeeper.Silo.Storage;

/// <summary>
/// The first line of a user's state row: what the database itself needs from it. The trigger of
/// migration 0008 reads exactly these names, turning <see cref="Audit"/> into <c>audit_event</c>
/// rows, <see cref="KeyIds"/> into <c>user_key_encryption</c> and <see cref="Deleted"/> into
/// <c>user_deleted_keys</c>, at a cost that does not grow with the user's key history.
/// </summary>
public sealed record UserRowHeader(
    [property: JsonPropertyName("audit")] IReadOnlyList<AuditEvent> Audit,
    [property: JsonPropertyName("keyIds")] IReadOnlyList<string> KeyIds,
    [property: JsonPropertyName("deleted")] IReadOnlyDictionary<string, DateTimeOffset> Deleted)
{
    public static UserRowHeader Of(UserKeysState state) => new(
        state.PendingAudit,
        state.DataKey is { } dataKey ? [dataKey.KeyId] : [],
        state.Providers.Where(pair => pair.Value.DeletedAt is not null).ToDictionary(pair => pair.Key, pair => pair.Value.DeletedAt!.Value));
}
