using System.Buffers;
using System.Text.Json;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Users;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace KeyKeeper.Silo.Storage;

/// <summary>
/// Two lines of compact JSON (no raw line breaks): the header the database reads, then the state
/// it never parses. A row is refused when it would grow past <see cref="KeyLifecycleOptions.MaxRowBytes"/>;
/// one already past it (the cap lowered) may still shrink.
/// </summary>
public sealed class UserKeysStateSerializer(
    IOptions<SystemTextJsonGrainStorageSerializerOptions> options,
    IOptions<KeyLifecycleOptions> lifecycle) : IGrainStorageSerializer
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
            JsonSerializer.Serialize(writer, UserRowHeader.Of(state), Json);
        }

        buffer.Write("\n"u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, state, Json);
        }

        var maxBytes = lifecycle.Value.MaxRowBytes;
        if (buffer.WrittenCount > maxBytes && buffer.WrittenCount > state.StoredBytes)
        {
            throw KeyKeeperException.Conflict(
                $"Your stored data would grow to {buffer.WrittenCount:N0} bytes, past the limit of {maxBytes:N0}. Nothing was changed; purge keys or old versions you no longer need, or save a shorter value.");
        }

        state.StoredBytes = buffer.WrittenCount;
        return new BinaryData(buffer.WrittenMemory);
    }

    public T? Deserialize<T>(BinaryData input)
    {
        var bytes = input.ToMemory().Span;
        var lineBreak = bytes.IndexOf((byte)'\n');
        var value = JsonSerializer.Deserialize<T>(lineBreak < 0 ? bytes : bytes[(lineBreak + 1)..], Json);
        if (value is UserKeysState state)
        {
            state.StoredBytes = bytes.Length;
        }

        return value;
    }
}
