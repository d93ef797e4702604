using System.Globalization;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

public static class KeyValue
{
    public const int MaxLength = 4096;

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

        if (KeyMask.LooksMasked(value))
        {
            error = $"This is a masked value (it contains '{KeyMask.MaskCharacter}'), not a key: paste the full key. A masked value is never saved over a real one.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    public static bool TryNormalizeFor(string provider, string? raw, out string value, out string error) =>
        TryNormalize(raw, out value, out error) && ProviderCatalogue.TryCheckShape(provider, value, out error);

    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate => false,
        _ => true,
    };
}
