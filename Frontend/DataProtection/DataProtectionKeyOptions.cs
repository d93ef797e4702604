namespace KeyKeeper.Frontend.DataProtection;

public sealed class DataProtectionKeyOptions
{
    public const string SectionName = "DataProtection";

    public const int MinKeyLength = 32;

    public string? Key { get; set; }
}
