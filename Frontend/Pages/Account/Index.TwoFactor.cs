using KeyKeeper.Frontend.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>Two-factor authentication: enrol (QR code and secret), confirm (recovery codes, shown once), turn off.</summary>
public sealed partial class IndexModel
{
    public const string TwoFactorSection = "two-factor";

    public string? EnrolmentSecret { get; private set; }

    public string? EnrolmentQrCode { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnPostEnrolAsync()
    {
        _placeOf = _ => TwoFactorSection;
        var enrolment = await Grain.BeginTwoFactorEnrolmentAsync(Credentials);
        EnrolmentSecret = string.Join(' ', enrolment.Secret.Chunk(4).Select(group => new string(group)));
        EnrolmentQrCode = TwoFactorQrCode.DataUri(enrolment.OtpAuthUri);
        return await ShowAsync(StatusCodes.Status200OK);
    }

    public async Task<IActionResult> OnPostConfirmTwoFactorAsync(string? password, string? code)
    {
        // A wrong password (the grain's refusal, no field) is shown at its input.
        _placeOf = field => field is "code" ? "confirm-code" : "confirm-password";
        var problems = AccountRules.CheckConfirmCode(password, code, out var cleaned);
        if (problems.Count > 0)
        {
            return await RejectAsync(problems);
        }

        var confirmation = await Grain.ConfirmTwoFactorAsync(Credentials, password!, cleaned);
        RecoveryCodes = confirmation.RecoveryCodes;
        return await ShowAsync(StatusCodes.Status200OK, (TwoFactorSection, $"Two-factor authentication is on. {AppTokensRevoked(confirmation.AppTokensRevoked)}"));
    }

    /// <summary>What the page says after a change that revokes every app token.</summary>
    public static string AppTokensRevoked(int count) => count switch
    {
        0 => "You had no app tokens to revoke.",
        1 => "Your app token was revoked: give your app a new one.",
        _ => $"All {count} app tokens were revoked: give your apps new ones.",
    };

    public async Task<IActionResult> OnPostDisableTwoFactorAsync(string? password, string? code)
    {
        _placeOf = field => field is null ? TwoFactorSection : $"disable-{field}";
        var problems = AccountRules.CheckDisableTwoFactor(password, code, out var cleaned);
        if (problems.Count > 0)
        {
            return await RejectAsync(problems);
        }

        var revoked = await Grain.DisableTwoFactorAsync(Credentials, password!, cleaned);
        return await ShowAsync(StatusCodes.Status200OK, (TwoFactorSection, $"Two-factor authentication is off. {AppTokensRevoked(revoked)}"));
    }
}
