using System.Text;

namespace KeyKeeper.Grains.Abstractions;

public static class UserName
{
    public const int MaxLength = 64;

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

        // NFC, not NFKC, so a fullwidth "ｚｏｅ" is not "zoe"; composing last keeps the result stable when normalized again.
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
