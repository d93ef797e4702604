using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// Bearer tokens <c>kk1.{user}.{secret}</c> and <c>kka1.…</c>: the prefix lets the frontend refuse
/// an app token before any grain call. The secret is 16 random bytes and a MAC under the
/// <see cref="AccessTokenKey"/> of the whole token before it, so only a silo can make one.
/// </summary>
public static class AccessToken
{
    private const string SessionPrefix = "kk1.";
    private const string AppPrefix = "kka1.";
    private const int RandomBytes = 16;
    private const int MacBytes = 16;
    private const int SecretBytes = RandomBytes + MacBytes;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (string Token, string Secret) Create(string normalizedUserName, AccessTokenKey key, TokenKind kind = TokenKind.Session)
    {
        var signedPart = $"{(kind == TokenKind.App ? AppPrefix : SessionPrefix)}{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(normalizedUserName))}.";
        Span<byte> secretBytes = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secretBytes[..RandomBytes]);
        key.Sign(signedPart, secretBytes[..RandomBytes], secretBytes[RandomBytes..]);
        var secret = Base64Url.EncodeToString(secretBytes);
        return (signedPart + secret, secret);
    }

    public static bool TryParse(string? token, AccessTokenKey key, out string normalizedUserName, out string secret) =>
        TryParse(token.AsSpan(), key, out var kind, out normalizedUserName, out secret) && kind == TokenKind.Session;

    /// <summary>Runs on every request, so it allocates only the two strings it returns; the MAC is compared in fixed time.</summary>
    public static bool TryParse(ReadOnlySpan<char> token, AccessTokenKey key, out TokenKind kind, out string normalizedUserName, out string secret)
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

        Span<byte> secretBytes = stackalloc byte[SecretBytes];
        Span<byte> mac = stackalloc byte[MacBytes];
        if (!Base64Url.TryDecodeFromChars(secretPart, secretBytes, out var secretLength) || secretLength != SecretBytes)
        {
            return false;
        }

        key.Sign(token[..(prefix.Length + dot + 1)], secretBytes[..RandomBytes], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, secretBytes[RandomBytes..]))
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
