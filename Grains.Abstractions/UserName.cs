using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// Usernames are compared in one normalized form (lower case, then NFC), which is also the grain
/// key, so "Zoë.Müller", "zoë.müller" and a decomposed "Zoe\u0308.Mu\u0308ller" are the same account.
/// </summary>
public static class UserName
{
    public const int MaxLength = 64;

    /// <summary>Normalizes a username; false with a reason when it is not acceptable.</summary>
    public static bool TryNormalize(string? raw, out string normalized, out string error)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            error = "A username is required.";
            return false;
        }

        if (!TextRules.IsWellFormedUtf16(raw))
        {
            error = "The username is not valid text.";
            return false;
        }

        // NFC, not NFKC: canonical equivalents (a precomposed "ë" and "e" + U+0308) are one name,
        // but compatibility characters stay themselves, so a fullwidth "ｚｏｅ" or a ligature "ﬁ"
        // is its own name rather than silently becoming "zoe" or "fi" (the issue's choice).
        // Lower case first, then NFC: lower-casing can leave a sequence that is not composed, and
        // composing last makes the result NFC, so normalizing it again gives the same string.
        var candidate = raw.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormC);
        if (candidate.Length > MaxLength)
        {
            error = $"A username has at most {MaxLength} characters.";
            return false;
        }

        foreach (var rune in candidate.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune) && rune.Value is not ('.' or '_' or '-' or '@'))
            {
                error = "A username may contain only letters, digits and the characters . _ - @";
                return false;
            }
        }

        normalized = candidate;
        error = string.Empty;
        return true;
    }
}
