using System.Buffers;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

public static class TextRules
{
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
