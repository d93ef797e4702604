using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>Bearer tokens <c>kk1.{user}.{secret}</c> and <c>kka1.…</c>: the prefix lets the frontend refuse an app token before any grain call.</summary>
public static class AccessToken
{
    private const string SessionPrefix = "kk1.";
    private const string AppPrefix = "kka1.";
    private const int SecretBytes = 32;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (string Token, string Secret) Create(string normalizedUserName, TokenKind kind = TokenKind.Session)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var user = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(normalizedUserName));
        return ($"{(kind == TokenKind.App ? AppPrefix : SessionPrefix)}{user}.{secret}", secret);
    }

    public static bool TryParse(string? token, out string normalizedUserName, out string secret) =>
        TryParse(token.AsSpan(), out var kind, out normalizedUserName, out secret) && kind == TokenKind.Session;

    /// <summary>Runs on every request, so it allocates only the two strings it returns.</summary>
    public static bool TryParse(ReadOnlySpan<char> token, out TokenKind kind, out string normalizedUserName, out string secret)
    {
        normalizedUserName = secret = string.Empty;
        kind = token.StartsWith(AppPrefix, StringComparison.Ordinal) ? TokenKind.App : TokenKind.Session;
        var prefix = kind == TokenKind.App ? AppPrefix : SessionPrefix;
        if (token.Length > 512 || !token.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = token[prefix.Length..];
        var dot = rest.IndexOf('.');
        if (dot < 0)
        {
            return false;
        }

        var userPart = rest[..dot];
        var secretPart = rest[(dot + 1)..];
        if (secretPart.Length != Base64Url.GetEncodedLength(SecretBytes) || !Base64Url.IsValid(secretPart) || !Base64Url.IsValid(userPart, out var userBytes))
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[userBytes];
        if (Base64Url.DecodeFromChars(userPart, utf8) != userBytes)
        {
            return false;
        }

        string user;
        try
        {
            user = StrictUtf8.GetString(utf8);
        }
        catch (ArgumentException)
        {
            return false;
        }

        // Only the normalized form is ever issued, so anything else was not made here.
        if (!UserName.TryNormalize(user, out var normalized, out _) || normalized != user)
        {
            return false;
        }

        normalizedUserName = user;
        secret = secretPart.ToString();
        return true;
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
