using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace KeyKeeper.Silo.Legacy;

/// <summary>The bytes never leave this type, which has no <c>ToString</c> of its own: logging a key shows only the type name.</summary>
public sealed class FernetKey
{
    private const int KeySize = 32;
    private const int TextLength = 44;
    private const string Expected = "must be 44 characters of URL-safe base64 encoding 32 bytes";

    internal static readonly SearchValues<char> UrlSafeAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly byte[] _signingKey;
    private readonly byte[] _encryptionKey;

    private FernetKey(byte[] bytes)
    {
        _signingKey = bytes[..16];
        _encryptionKey = bytes[16..];
    }

    internal ReadOnlySpan<byte> SigningKey => _signingKey;

    internal ReadOnlySpan<byte> EncryptionKey => _encryptionKey;

    /// <summary>The error describes the text without repeating it.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out FernetKey? key, out string error)
    {
        key = null;
        var trimmed = text.AsSpan().Trim();
        if (ShapeProblem(trimmed) is { } problem)
        {
            error = $"{Expected}; found {problem}";
            return false;
        }

        var bytes = new byte[KeySize];
        if (!Base64Url.TryDecodeFromChars(trimmed, bytes, out var written) || written != KeySize)
        {
            error = $"{Expected}; found text that does not decode to 32 bytes";
            return false;
        }

        key = new FernetKey(bytes);
        error = "";
        return true;
    }

    // The shape is checked by hand, not left to the decoder: the decoder skips white space
    // inside the text and so would take a key split over two lines.
    private static string? ShapeProblem(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return "nothing";
        }

        var lines = text.Count('\n') + 1;
        if (lines > 1)
        {
            return $"{lines} lines";
        }

        if (text.Length != TextLength)
        {
            return $"{text.Length} characters";
        }

        var bad = text[..^1].IndexOfAnyExcept(UrlSafeAlphabet);
        if (bad >= 0)
        {
            return $"a character outside that alphabet at position {bad + 1}";
        }

        return text[^1] == '=' ? null : "no '=' padding at the end";
    }
}
