using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// Usernames are compared in one normalized form (NFKC, lower case), which is also the grain key,
/// so "Zoë.Müller" and "zoë.müller" are the same account.
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

        var candidate = raw.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
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
