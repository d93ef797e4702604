using System.Globalization;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>An API key's value: trimmed, 1-4096 printable characters.</summary>
public static class KeyValue
{
    public const int MaxLength = 4096;

    /// <summary>Trims a value and checks it; false with a reason when it cannot be stored.</summary>
    public static bool TryNormalize(string? raw, out string value, out string error)
    {
        value = raw?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            error = "A key value is required.";
            return false;
        }

        if (value.Length > MaxLength)
        {
            error = $"A key value has at most {MaxLength} characters.";
            return false;
        }

        if (!TextRules.IsWellFormedUtf16(value))
        {
            error = "The key value is not valid text.";
            return false;
        }

        foreach (var rune in value.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                error = "A key value may contain only printable characters (no control or formatting characters).";
                return false;
            }
        }

        error = string.Empty;
        return true;
    }

    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate => false,
        _ => true,
    };
}
