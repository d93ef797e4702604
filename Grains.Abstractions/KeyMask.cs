using System.Text;

namespace KeyKeeper.Grains.Abstractions;

public static class KeyMask
{
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

    public static bool LooksMasked(string value) => value.Contains(MaskCharacter);
}
