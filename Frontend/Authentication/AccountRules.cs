using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>
/// The checks the frontend makes before calling the grain, one copy for the JSON API and the
/// pages. Each returns field name → problems (empty when acceptable), the shape of a
/// ValidationProblem. What the grain decides (a wrong password, a taken name, a wrong code) is
/// said in the grain's own words, in its <see cref="KeyKeeperException"/>.
/// </summary>
public static class AccountRules
{
    public const string EnterTotp = "Enter the 6-digit code the authenticator app shows.";

    /// <summary>A login's username (normalized when acceptable) and password are there; no grain is asked about a name that cannot exist.</summary>
    public static Dictionary<string, string[]> CheckLogin(string? rawUserName, string? password, out string userName)
    {
        var named = UserName.TryNormalize(rawUserName, out userName, out _);
        return named && !string.IsNullOrEmpty(password) ? [] : new() { ["credentials"] = ["A valid username and a password are required."] };
    }

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
