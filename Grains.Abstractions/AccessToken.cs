using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// Bearer tokens are <c>kk1.{user}.{secret}</c>: the base64url username routes the token to its
/// user's grain, which keeps only a SHA-256 hash of the secret, so a token can be checked and
/// revoked without a second store. Clients treat the whole string as opaque.
/// </summary>
public static class AccessToken
{
    private const string Prefix = "kk1.";
    private const int SecretBytes = 32;

    /// <summary>Makes a new token for a normalized username; returns the token and its secret part.</summary>
    public static (string Token, string Secret) Create(string normalizedUserName)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var user = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(normalizedUserName));
        return ($"{Prefix}{user}.{secret}", secret);
    }

    /// <summary>Splits a token into its username and secret; false for anything malformed.</summary>
    public static bool TryParse(string? token, out string normalizedUserName, out string secret)
    {
        normalizedUserName = secret = string.Empty;
        if (token is null || token.Length > 512 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2 || parts[1].Length != Base64Url.GetEncodedLength(SecretBytes) || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]))
        {
            return false;
        }

        string user;
        try
        {
            user = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(parts[0]));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }

        if (!UserName.TryNormalize(user, out var normalized, out _) || normalized != user)
        {
            return false;
        }

        normalizedUserName = user;
        secret = parts[1];
        return true;
    }

    /// <summary>The form in which a token secret is stored: hex SHA-256.</summary>
    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
