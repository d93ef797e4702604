using System.Buffers;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>Checks shared by every kind of user input.</summary>
public static class TextRules
{
    /// <summary>False when the text holds a lone surrogate (it cannot be encoded as UTF-8).</summary>
    public static bool IsWellFormedUtf16(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            text = text[consumed..];
        }

        return true;
    }
}
