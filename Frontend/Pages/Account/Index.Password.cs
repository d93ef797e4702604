using KeyKeeper.Frontend.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>Changing the password, which signs out every other session.</summary>
public sealed partial class IndexModel
{
    public const string PasswordSection = "password";

    public async Task<IActionResult> OnPostChangePasswordAsync(string? currentPassword, string? newPassword, string? confirmPassword)
    {
        // A wrong current password (the grain's refusal, no field) is shown at its input.
        _placeOf = field => field switch
        {
            "newPassword" => "new-password",
            "confirmPassword" => "confirm-new-password",
            _ => "current-password",
        };
        var problems = AccountRules.CheckPasswordChange(currentPassword, newPassword);
        if (problems.Count == 0 && newPassword != confirmPassword)
        {
            problems["confirmPassword"] = ["The two new passwords are not the same."];
        }

        if (problems.Count > 0)
        {
            return await RejectAsync(problems);
        }

        var revoked = await Grain.ChangePasswordAsync(Credentials, currentPassword!, newPassword!);
        return await ShowAsync(StatusCodes.Status200OK,
            (PasswordSection, $"Password changed. Every other session was signed out; this browser stays signed in. {AppTokensRevoked(revoked)}"));
    }
}
