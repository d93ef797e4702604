using System.Buffers;
using System.Text.Json;
using KeyKeeper.Silo.Grains;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace KeyKeeper.Silo.Storage;

/// <summary>
/// Stores a user's state as two lines of JSON: a small header the database reads — the pending
/// audit records, the key-encryption key ids the data needs, the deleted keys — and then the state
/// itself, which the database never parses. A trigger on <c>grain_state</c> turns the header into
/// rows of <c>key_audit</c>, <c>user_key_encryption</c> and <c>user_deleted_keys</c> in the same
/// statement (migration 0005), at a cost that does not grow with the user's key history.
/// Compact JSON has no raw line breaks, so the first line break ends the header. Rows written
/// before the header existed (one line) are read as they are.
/// </summary>
public sealed class UserKeysStateSerializer(IOptions<SystemTextJsonGrainStorageSerializerOptions> options) : IGrainStorageSerializer
{
    private JsonSerializerOptions Json => options.Value.JsonSerializerOptions;

    public BinaryData Serialize<T>(T? input)
    {
        if (input is not UserKeysState state)
        {
            return BinaryData.FromObjectAsJson(input, Json);
        }

        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, StateHeader.Of(state), Json);
        }

        buffer.Write("\n"u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, state, Json);
        }

        return new BinaryData(buffer.WrittenMemory);
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var bytes = input.ToMemory().Span;
        var lineBreak = bytes.IndexOf((byte)'\n');
        return JsonSerializer.Deserialize<T>(lineBreak < 0 ? bytes : bytes[(lineBreak + 1)..], Json);
    }

    /// <summary>What the database reads from a state row; property names are read by migration 0005.</summary>
    private sealed record StateHeader(
        IReadOnlyList<AuditRecord> PendingAudit,
        IReadOnlyList<string> KeyIds,
        IReadOnlyDictionary<string, DateTimeOffset> Deleted)
    {
        public static StateHeader Of(UserKeysState state) => new(
            state.PendingAudit,
            [.. state.Keys.Values.Select(key => key.Value.KeyId).Append(state.DataKey?.KeyId).OfType<string>().Distinct().Order(StringComparer.Ordinal)],
            state.Providers.Where(pair => pair.Value.DeletedAt is not null).ToDictionary(pair => pair.Key, pair => pair.Value.DeletedAt!.Value));
    }
}
