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

    public async Task<IActionResult> OnPostConfirmTwoFactorAsync(string? code)
    {
        _placeOf = field => field is "code" ? "confirm-code" : TwoFactorSection;
        var problems = AccountRules.CheckConfirmCode(code, out var cleaned);
        if (problems.Count > 0)
        {
            return await RejectAsync(problems);
        }

        RecoveryCodes = await Grain.ConfirmTwoFactorAsync(Credentials, cleaned);
        return await ShowAsync(StatusCodes.Status200OK, (TwoFactorSection, "Two-factor authentication is on."));
    }

    public async Task<IActionResult> OnPostDisableTwoFactorAsync(string? password, string? code)
    {
        _placeOf = field => field is null ? TwoFactorSection : $"disable-{field}";
        var problems = AccountRules.CheckDisableTwoFactor(password, code, out var cleaned);
        if (problems.Count > 0)
        {
            return await RejectAsync(problems);
        }

        await Grain.DisableTwoFactorAsync(Credentials, password!, cleaned);
        return await ShowAsync(StatusCodes.Status200OK, (TwoFactorSection, "Two-factor authentication is off."));
    }
}
