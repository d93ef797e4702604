using System.Buffers;
using System.Text.Json;
using KeyKeeper.Silo.Users;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace KeyKeeper.Silo.Storage;

/// <summary>Two lines of compact JSON (no raw line breaks): the header the database reads, then the state it never parses.</summary>
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
            JsonSerializer.Serialize(writer, UserRowHeader.Of(state), Json);
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
}
