namespace KeyKeeper.Grains.Abstractions;

/// <summary>TOTP two-factor authentication: enrol, confirm with a first code, disable.</summary>
[Alias("keykeeper.IUserTwoFactor")]
public interface IUserTwoFactor : IGrainWithStringKey
{
    [Alias("GetTwoFactorStatus")]
    Task<TwoFactorStatus> GetTwoFactorStatusAsync(CallerCredentials caller);

    /// <summary>Starts enrolment with a new TOTP secret, replacing an unconfirmed one; 2FA is on only once confirmed.</summary>
    [Alias("BeginTwoFactorEnrolment")]
    Task<TwoFactorEnrolment> BeginTwoFactorEnrolmentAsync(CallerCredentials caller);

    /// <summary>Turns 2FA on with the password and a first code; returns the recovery codes, shown once. Every app token is revoked.</summary>
    [Alias("ConfirmTwoFactor")]
    Task<TwoFactorConfirmation> ConfirmTwoFactorAsync(CallerCredentials caller, string password, string code);

    /// <summary>Turns 2FA off with the password and a current (or recovery) code; revokes every app token and returns how many.</summary>
    [Alias("DisableTwoFactor")]
    Task<int> DisableTwoFactorAsync(CallerCredentials caller, string password, string code);
}
