using System.Text.Json;
using KeyKeeper.Silo.Legacy;

namespace KeyKeeper.Grains.Tests.Legacy;

/// <summary>One test vector of the Fernet spec (tests/Fixtures/fernet), in the spec's own field names.</summary>
public sealed record FernetVector(string Token, DateTimeOffset Now, string Secret, string? Src, int[]? Iv, int? TtlSec, string? Desc)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IReadOnlyList<FernetVector> Generate { get; } = Load("generate.json");

    public static IReadOnlyList<FernetVector> Verify { get; } = Load("verify.json");

    public static IReadOnlyList<FernetVector> Invalid { get; } = Load("invalid.json");

    public FernetKey Key => FernetKey.TryParse(Secret, out var key, out var error) ? key : throw new InvalidDataException(error);

    public TimeSpan? Ttl => TtlSec is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    // The spec writes the IV as a list of numbers, not as the base64 that byte[] would read.
    public byte[] IvBytes => Iv!.Select(number => (byte)number).ToArray();

    private static List<FernetVector> Load(string name) =>
        JsonSerializer.Deserialize<List<FernetVector>>(File.ReadAllText(Fixtures.Path("fernet", name)), Options)!;
}
