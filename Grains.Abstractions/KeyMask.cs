using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// The masked form shown in lists: the first 8 and last 4 characters. Values shorter than
/// 20 characters are masked whole, so a mask never gives away most of a short secret.
/// </summary>
public static class KeyMask
{
    /// <summary>The character masks are made of; a value containing it is a mask, not a key.</summary>
    public const char MaskCharacter = '•';

    public const string MaskCharacters = "••••";
    private const int Head = 8;
    private const int Tail = 4;
    private const int ShortestPartlyShown = 20;

    public static string Mask(string value)
    {
        var runes = value.EnumerateRunes().ToArray();
        if (runes.Length < ShortestPartlyShown)
        {
            return MaskCharacters + MaskCharacters;
        }

        var masked = new StringBuilder(Head + MaskCharacters.Length + Tail + 4);
        foreach (var rune in runes.AsSpan(0, Head))
        {
            masked.Append(rune.ToString());
        }

        masked.Append(MaskCharacters);
        foreach (var rune in runes.AsSpan(runes.Length - Tail))
        {
            masked.Append(rune.ToString());
        }

        return masked.ToString();
    }

    /// <summary>True for anything that contains the mask character: a masked value pasted back.</summary>
    public static bool LooksMasked(string value) => value.Contains(MaskCharacter);
}
