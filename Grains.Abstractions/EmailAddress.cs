using System.Net.Mail;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// An optional email address, stored trimmed and in Unicode NFC, so canonically equivalent
/// spellings are one address. Addresses keep their case; anything that compares them compares
/// with <see cref="StringComparison.OrdinalIgnoreCase"/>.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>
    /// Normalizes an address; an absent or blank one is allowed and becomes null. False with a
    /// reason when the address is not valid.
    /// </summary>
    public static bool TryNormalize(string? raw, out string? normalized, out string error)
    {
        normalized = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return true;
        }

        if (!TextRules.IsWellFormedUtf16(raw))
        {
            error = "The email address is not valid.";
            return false;
        }

        var candidate = raw.Trim().Normalize(NormalizationForm.FormC);
        if (candidate.Length > MaxLength || !MailAddress.TryCreate(candidate, out var parsed) || parsed.Address != candidate)
        {
            error = "The email address is not valid.";
            return false;
        }

        normalized = candidate;
        return true;
    }
}
