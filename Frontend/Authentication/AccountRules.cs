using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>Checks before calling the grain, one copy for the API and the pages; what the grain decides is said in its own words.</summary>
public static class AccountRules
{
    public const string EnterTotp = "Enter the 6-digit code the authenticator app shows.";

    /// <summary>No grain is asked about a name that cannot exist.</summary>
    public static Dictionary<string, string[]> CheckLogin(string? rawUserName, string? password, out string userName)
    {
        var named = UserName.TryNormalize(rawUserName, out userName, out _);
        return named && !string.IsNullOrEmpty(password) ? [] : new() { ["credentials"] = ["A valid username and a password are required."] };
    }

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

    public static Dictionary<string, string[]> CheckConfirmCode(string? password, string? rawCode, out string code)
    {
        var errors = RequirePassword(password);
        code = AuthenticationCode.Clean(rawCode) ?? string.Empty;
        if (!AuthenticationCode.IsTotp(code))
        {
            errors["code"] = [EnterTotp];
        }

        return errors;
    }

    /// <summary>A change that mints lasting access asks for the password again; the code (when 2FA is on) is checked by the grain.</summary>
    public static Dictionary<string, string[]> RequirePassword(string? password) =>
        string.IsNullOrEmpty(password) ? new() { ["password"] = ["The password is required."] } : [];

    public static Dictionary<string, string[]> CheckDisableTwoFactor(string? password, string? rawCode, out string code)
    {
        var errors = RequirePassword(password);
        code = AuthenticationCode.Clean(rawCode) ?? string.Empty;
        if (code.Length == 0)
        {
            errors["code"] = ["A current code from the authenticator app, or a recovery code, is required."];
        }

        return errors;
    }
}
