using KeyKeeper.Frontend.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>Changing the password, which signs out every other session.</summary>
public sealed partial class IndexModel
{
    public const string PasswordSection = "password";

    public Task<IActionResult> OnPostChangePasswordAsync(string? currentPassword, string? newPassword, string? confirmPassword) => SubmitAsync(PasswordSection, async () =>
    {
        var problems = AccountRules.CheckPasswordChange(currentPassword, newPassword);
        if (problems.Count == 0 && newPassword != confirmPassword)
        {
            problems["confirmPassword"] = ["The two new passwords are not the same."];
        }

        if (problems.Count > 0)
        {
            return await RejectAsync(problems, field => field switch
            {
                "currentPassword" => "current-password",
                "newPassword" => "new-password",
                _ => "confirm-new-password",
            });
        }

        if (!await Grain.ChangePasswordAsync(Credentials, currentPassword!, newPassword!))
        {
            Errors.Add("current-password", AccountRules.WrongCurrentPassword);
            return await ShowAsync(StatusCodes.Status403Forbidden);
        }

        return await ShowAsync(StatusCodes.Status200OK, (PasswordSection, "Password changed. Every other session was signed out; this browser stays signed in."));
    });
}
