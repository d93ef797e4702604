using System.Security.Cryptography;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// The cluster's secret for bearer tokens (setting <c>AccessTokens:SigningKey</c>): silos sign the
/// tokens they issue with it and frontends check the signature before any rate limit, grain call
/// or activation, so a made-up token costs the service nothing and no user's budget.
/// </summary>
public sealed class AccessTokenKey
{
    public const int MinimumLength = 32;

    // Prefix and user part (at most 512 characters in all) plus the random part.
    private const int MaxSignedBytes = 1024;

    private readonly byte[] _key;

    public AccessTokenKey(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumLength)
        {
            throw new ArgumentException($"The access-token signing key must have at least {MinimumLength} characters.", nameof(secret));
        }

        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The MAC of everything the token says before it: its kind, its user, its random part.</summary>
    internal void Sign(ReadOnlySpan<char> signedPart, ReadOnlySpan<byte> random, Span<byte> mac)
    {
        Span<byte> data = stackalloc byte[MaxSignedBytes];
        var length = Encoding.ASCII.GetBytes(signedPart, data);
        random.CopyTo(data[length..]);
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, data[..(length + random.Length)], full);
        full[..mac.Length].CopyTo(mac);
    }
}
