using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace KeyKeeper.Silo.Legacy;

/// <summary>Fernet tokens as the public Fernet spec defines them; the legacy app sealed every API key value this way.</summary>
public static class Fernet
{
    private const byte Version = 0x80;
    private const int IvSize = 16;
    private const int HeaderSize = 1 + 8 + IvSize;
    private const int MacSize = 32;
    private const int BlockSize = 16;
    private const int MinimumSize = HeaderSize + BlockSize + MacSize;
    private const long MaxClockSkewSeconds = 60;

    /// <summary>The clock counts only with a <paramref name="ttl"/> (the legacy app set none); the error never quotes the token or plaintext.</summary>
    public static bool TryDecrypt(
        FernetKey key, string token, out byte[] plaintext, out string error,
        DateTimeOffset? now = null, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(token);
        if (ttl is { } maxAge)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxAge, TimeSpan.Zero, nameof(ttl));
        }

        var problem = Open(key, token, now, ttl, out plaintext);
        error = problem ?? "";
        return problem is null;
    }

    public static string Encrypt(FernetKey key, ReadOnlySpan<byte> plaintext, DateTimeOffset timestamp, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNotEqual(iv.Length, IvSize, nameof(iv));
        var seconds = timestamp.ToUnixTimeSeconds();
        ArgumentOutOfRangeException.ThrowIfNegative(seconds, nameof(timestamp));

        using var aes = CreateAes(key);
        var cipherLength = aes.GetCiphertextLengthCbc(plaintext.Length, PaddingMode.PKCS7);
        var token = new byte[HeaderSize + cipherLength + MacSize];
        token[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(token.AsSpan(1, 8), (ulong)seconds);
        iv.CopyTo(token.AsSpan(9, IvSize));
        aes.EncryptCbc(plaintext, iv, token.AsSpan(HeaderSize, cipherLength), PaddingMode.PKCS7);
        HMACSHA256.HashData(key.SigningKey, token.AsSpan(..^MacSize), token.AsSpan(^MacSize));

        // The spec's tokens are padded base64url; Base64Url.EncodeToString would drop the padding.
        return Convert.ToBase64String(token).Replace('+', '-').Replace('/', '_');
    }

    public static string Encrypt(FernetKey key, ReadOnlySpan<byte> plaintext)
    {
        Span<byte> iv = stackalloc byte[IvSize];
        RandomNumberGenerator.Fill(iv);
        return Encrypt(key, plaintext, DateTimeOffset.UtcNow, iv);
    }

    private static string? Open(FernetKey key, string token, DateTimeOffset? now, TimeSpan? ttl, out byte[] plaintext)
    {
        plaintext = [];
        if (Decode(token) is not { } data)
        {
            return "the token is not valid URL-safe base64";
        }

        // A token that lacks only a whole ciphertext block passes here, for the reason to name it below.
        if (data.Length < HeaderSize + MacSize)
        {
            return $"the token is too short: {data.Length} bytes, where a token has at least {MinimumSize}";
        }

        if (data[0] != Version)
        {
            return $"the token's version byte is 0x{data[0]:x2}, not 0x80";
        }

        var cipherLength = data.Length - HeaderSize - MacSize;
        if (cipherLength == 0 || cipherLength % BlockSize != 0)
        {
            return $"the token's ciphertext is {cipherLength} bytes, not a non-zero multiple of {BlockSize}";
        }

        Span<byte> mac = stackalloc byte[MacSize];
        HMACSHA256.HashData(key.SigningKey, data.AsSpan(..^MacSize), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, data.AsSpan(^MacSize)))
        {
            return "the token's HMAC does not match: it was altered or sealed with another key";
        }

        if (ttl is { } maxAge)
        {
            // Int128: a forged-but-signed stamp near 2^64 must not overflow the comparison.
            Int128 issued = BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(1, 8));
            var current = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
            var maxAgeSeconds = (long)maxAge.TotalSeconds;
            if (issued + maxAgeSeconds < current)
            {
                return $"the token has expired: it is more than {maxAgeSeconds} s old";
            }

            if (issued > current + MaxClockSkewSeconds)
            {
                return $"the token's time stamp is more than {MaxClockSkewSeconds} s in the future";
            }
        }

        using var aes = CreateAes(key);
        try
        {
            plaintext = aes.DecryptCbc(data.AsSpan(HeaderSize, cipherLength), data.AsSpan(9, IvSize), PaddingMode.PKCS7);
            return null;
        }
        catch (CryptographicException)
        {
            return "the token's PKCS7 padding is wrong after decryption";
        }
    }

    // Padding is optional (some writers strip it), but only as a suffix; every other character
    // must be of the URL-safe alphabet, so white space or '+' and '/' do not slip through.
    private static byte[]? Decode(string token)
    {
        var text = token.AsSpan().TrimEnd('=');
        var padding = token.Length - text.Length;
        if (padding > 2 || (padding > 0 && token.Length % 4 != 0) || text.Length % 4 == 1
            || text.IndexOfAnyExcept(FernetKey.UrlSafeAlphabet) >= 0)
        {
            return null;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) ? bytes[..written] : null;
    }

    private static Aes CreateAes(FernetKey key)
    {
        var aes = Aes.Create();
        aes.Key = key.EncryptionKey.ToArray();
        return aes;
    }
}
