namespace KeyKeeper.Silo.Legacy;

/// <summary>One legacy user, decrypted: the plain values exist only in memory until sealed with the user's new data key.</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.LegacyUserImport")]
public sealed record LegacyUserImport(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? Email,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] string LegacyPasswordSha256,
    [property: Id(4)] string? TotpSecret,
    [property: Id(5)] IReadOnlyDictionary<string, string> Keys);
