namespace KeyKeeper.Frontend.DataProtection;

/// <summary>The secret that encrypts the Data Protection key ring at rest (setting <c>DataProtection:Key</c>).</summary>
public sealed class DataProtectionKeyOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>Shortest accepted secret; the AES key is derived from it with HKDF-SHA256.</summary>
    public const int MinKeyLength = 32;

    /// <summary>Any string of at least 32 characters, the same on every frontend replica; never committed.</summary>
    public string? Key { get; set; }
}
