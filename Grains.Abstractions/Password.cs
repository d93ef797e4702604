namespace KeyKeeper.Grains.Abstractions;

/// <summary>What a new password must be.</summary>
public static class Password
{
    public const int MinLength = 12;
    public const int MaxLength = 1024;

    public static bool TryValidate(string? password, out string error)
    {
        error = password switch
        {
            null or "" => "A password is required.",
            { Length: < MinLength } => $"A password has at least {MinLength} characters.",
            { Length: > MaxLength } => $"A password has at most {MaxLength} characters.",
            _ when !TextRules.IsWellFormedUtf16(password) => "The password is not valid text.",
            _ => string.Empty,
        };
        return error.Length == 0;
    }
}
