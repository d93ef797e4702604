using System.Text.Json.Serialization;
using KeyKeeper.Silo.Users;

namespace KeyKeeper.Silo.Storage;

/// <summary>The first line of a user's state row; the trigger of migration 0008 reads exactly these names.</summary>
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
