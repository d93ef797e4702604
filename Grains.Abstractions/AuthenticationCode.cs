namespace KeyKeeper.Grains.Abstractions;

/// <summary>The shapes of authentication codes: six TOTP digits, or a recovery code.</summary>
public static class AuthenticationCode
{
    public const int TotpDigits = 6;

    /// <summary>Recovery codes are 10 characters of an unambiguous alphabet, shown as xxxxx-xxxxx.</summary>
    public const int RecoveryCodeLength = 10;

    public const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static bool IsTotp(string code) => code.Length == TotpDigits && code.All(char.IsAsciiDigit);

    /// <summary>A recovery code as typed (any case, with or without the dash, spaces around) in its stored form; null when it cannot be one.</summary>
    public static string? NormalizeRecoveryCode(string code)
    {
        var compact = code.Trim().Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return compact.Length == RecoveryCodeLength && compact.All(RecoveryAlphabet.Contains) ? compact : null;
    }

    /// <summary>A code from a form or JSON body, spaces removed (authenticator apps show "123 456"); null when empty.</summary>
    public static string? Clean(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : code.Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
}
