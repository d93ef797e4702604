using System.Net.Mail;
using System.Text;

namespace KeyKeeper.Grains.Abstractions;

public static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool TryNormalize(string? raw, out string? normalized, out string error)
    {
        normalized = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return true;
        }

        if (!TextRules.IsWellFormedUtf16(raw))
        {
            error = "The email address is not valid.";
            return false;
        }

        var candidate = raw.Trim().Normalize(NormalizationForm.FormC);
        // MailAddress takes control characters inside a quoted local part; stored, they break jsonb casts of the state.
        if (candidate.Length > MaxLength || candidate.Any(char.IsControl) || !MailAddress.TryCreate(candidate, out var parsed) || parsed.Address != candidate)
        {
            error = "The email address is not valid.";
            return false;
        }

        normalized = candidate;
        return true;
    }
}
