namespace KeyKeeper.Grains.Abstractions;

public static class AuthenticationCode
{
    public const int TotpDigits = 6;
    public const int RecoveryCodeLength = 10;
    public const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static bool IsTotp(string code) => code.Length == TotpDigits && code.All(char.IsAsciiDigit);

    public static string? NormalizeRecoveryCode(string code)
    {
        var compact = code.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return compact.Length == RecoveryCodeLength && compact.All(RecoveryAlphabet.Contains) ? compact : null;
    }

    public static string? Clean(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : code.Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
}
