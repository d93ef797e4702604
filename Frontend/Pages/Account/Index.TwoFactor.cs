using KeyKeeper.Frontend.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace KeyKeeper.Frontend.Pages.Account;

/// <summary>Two-factor authentication: enrol (QR code and secret), confirm (recovery codes, shown once), turn off.</summary>
public sealed partial class IndexModel
{
    public const string TwoFactorSection = "two-factor";

    /// <summary>A new enrolment's secret for typing in, in groups of four, shown in this response only.</summary>
    public string? EnrolmentSecret { get; private set; }

    /// <summary>A new enrolment's QR code as an SVG data URI.</summary>
    public string? EnrolmentQrCode { get; private set; }

    /// <summary>The recovery codes of 2FA just turned on, shown in this response only.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public Task<IActionResult> OnPostEnrolAsync() => SubmitAsync(TwoFactorSection, async () =>
    {
        var enrolment = await Grain.BeginTwoFactorEnrolmentAsync(Credentials);
        EnrolmentSecret = string.Join(' ', enrolment.Secret.Chunk(4).Select(group => new string(group)));
        EnrolmentQrCode = TwoFactorQrCode.DataUri(enrolment.OtpAuthUri);
        return await ShowAsync(StatusCodes.Status200OK);
    });

    public Task<IActionResult> OnPostConfirmTwoFactorAsync(string? code) => SubmitAsync(TwoFactorSection, async () =>
    {
        var problems = AccountRules.CheckConfirmCode(code, out var cleaned);
        if (problems.Count > 0)
        {
            return await RejectAsync(problems, _ => "confirm-code");
        }

        if (await Grain.ConfirmTwoFactorAsync(Credentials, cleaned) is not { } recoveryCodes)
        {
            Errors.Add("confirm-code", AccountRules.WrongConfirmCode);
            return await ShowAsync(StatusCodes.Status400BadRequest);
        }

        RecoveryCodes = recoveryCodes;
        return await ShowAsync(StatusCodes.Status200OK, (TwoFactorSection, "Two-factor authentication is on."));
    });

    public Task<IActionResult> OnPostDisableTwoFactorAsync(string? password, string? code) => SubmitAsync(TwoFactorSection, async () =>
    {
        var problems = AccountRules.CheckDisableTwoFactor(password, code, out var cleaned);
        if (problems.Count > 0)
        {
            return await RejectAsync(problems, field => $"disable-{field}");
        }

        if (!await Grain.DisableTwoFactorAsync(Credentials, password!, cleaned))
        {
            Errors.Add(TwoFactorSection, AccountRules.TwoFactorStillOn);
            return await ShowAsync(StatusCodes.Status403Forbidden);
        }

        return await ShowAsync(StatusCodes.Status200OK, (TwoFactorSection, "Two-factor authentication is off."));
    });
}
