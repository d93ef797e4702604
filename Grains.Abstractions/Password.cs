using System.Collections.Frozen;

namespace KeyKeeper.Grains.Abstractions;

public static class Password
{
    public const int MinLength = 12;
    public const int MaxLength = 1024;

    private static readonly FrozenSet<string> Common = new[]
    {
        "123456789012", "1234567890123", "12345678901234", "123456789123", "123123123123", "111111111111",
        "000000000000", "123456123456", "987654321098", "147258369147", "121212121212", "112233445566",
        "passwordpassword", "password1234", "password12345", "password123456", "password2024", "password2025",
        "password2026", "password!123", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "changeme1234",
        "qwertyuiop12", "qwerty123456", "qwertyqwerty", "1qaz2wsx3edc", "1q2w3e4r5t6y", "zaq12wsxcde3",
        "asdfghjkl123", "iloveyou1234", "iloveyouiloveyou", "letmein12345", "welcome12345", "welcome2024!",
        "administrator", "admin1234567", "adminadmin12", "superman1234", "football1234", "baseball1234",
        "monkey123456", "dragon123456", "sunshine1234", "princess1234", "trustno1trustno1", "abcdefghijkl",
        "abc123abc123", "abcd1234abcd", "aaaaaaaaaaaa", "correct horse battery staple", "correcthorsebatterystaple",
        "the quick brown fox", "thequickbrownfox", "mypassword123", "secretpassword", "opensesame123",
    }.ToFrozenSet(StringComparer.Ordinal);

    private const string Sequences = "01234567890123456789 abcdefghijklmnopqrstuvwxyz qwertyuiopasdfghjklzxcvbnm 9876543210";

    public static bool TryValidate(string? password, out string error)
    {
        error = password switch
        {
            null or "" => "A password is required.",
            { Length: < MinLength } => $"A password has at least {MinLength} characters.",
            { Length: > MaxLength } => $"A password has at most {MaxLength} characters.",
            _ when !TextRules.IsWellFormedUtf16(password) => "The password is not valid text.",
            _ when IsCommon(password) => "This password is one of the first that attackers try. Choose another.",
            _ => string.Empty,
        };
        return error.Length == 0;
    }

    private static bool IsCommon(string password)
    {
        var folded = password.Trim().ToLowerInvariant();
        return Common.Contains(folded)
            || Sequences.Contains(folded, StringComparison.Ordinal)
            || IsRepetition(folded);
    }

    private static bool IsRepetition(string text)
    {
        for (var unit = 1; unit <= Math.Min(8, text.Length / 2); unit++)
        {
            if (text.Length % unit == 0 && text.AsSpan(unit).SequenceEqual(text.AsSpan(0, text.Length - unit)))
            {
                return true;
            }
        }

        return false;
    }
}
