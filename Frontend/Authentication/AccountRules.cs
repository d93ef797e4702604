using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>
/// The checks and messages of the account forms, one copy for the JSON API and the pages. Each
/// check returns field name → problems (empty when acceptable), the shape of a ValidationProblem.
/// </summary>
public static class AccountRules
{
    public const string WrongCredentials = "The username or password is wrong.";

    public const string WrongCurrentPassword = "The current password is wrong; nothing was changed.";

    public const string EnterTotp = "Enter the 6-digit code the authenticator app shows.";

    public const string WrongConfirmCode = "The code is wrong or expired: check the authenticator app's clock and try the current code.";

    public const string TwoFactorStillOn = "The password or the code is wrong; two-factor authentication is still on.";

    public static string UserNameTaken(string userName) => $"An account named '{userName}' already exists.";

    public static string TooManyAttempts(TooManyAttemptsException exception) =>
        $"Too many failed attempts: try again in {RetryAfter.Seconds(exception.RetryAfter)} seconds.";

    /// <summary>A sign-up's username, password and optional email, normalized when acceptable.</summary>
    public static Dictionary<string, string[]> CheckSignUp(string? rawUserName, string? password, string? rawEmail, out string userName, out string? email)
    {
        var errors = new Dictionary<string, string[]>();
        if (!UserName.TryNormalize(rawUserName, out userName, out var userError))
        {
            errors["username"] = [userError];
        }

        if (!Password.TryValidate(password, out var passwordError))
        {
            errors["password"] = [passwordError];
        }

        if (!EmailAddress.TryNormalize(rawEmail, out email, out var emailError))
        {
            errors["email"] = [emailError];
        }

        return errors;
    }

    /// <summary>A password change: the current password is given and the new one follows the rules.</summary>
    public static Dictionary<string, string[]> CheckPasswordChange(string? currentPassword, string? newPassword)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(currentPassword))
        {
            errors["currentPassword"] = ["The current password is required."];
        }

        if (!Password.TryValidate(newPassword, out var error))
        {
            errors["newPassword"] = [error];
        }

        return errors;
    }

    /// <summary>The first code that turns 2FA on: six digits, spaces allowed.</summary>
    public static Dictionary<string, string[]> CheckConfirmCode(string? rawCode, out string code)
    {
        code = AuthenticationCode.Clean(rawCode) ?? string.Empty;
        return AuthenticationCode.IsTotp(code) ? [] : new() { ["code"] = [EnterTotp] };
    }

    /// <summary>Turning 2FA off: the password and a current code (or a recovery code).</summary>
    public static Dictionary<string, string[]> CheckDisableTwoFactor(string? password, string? rawCode, out string code)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(password))
        {
            errors["password"] = ["The password is required."];
        }

        code = AuthenticationCode.Clean(rawCode) ?? string.Empty;
        if (code.Length == 0)
        {
            errors["code"] = ["A current code from the authenticator app, or a recovery code, is required."];
        }

        return errors;
    }
}
