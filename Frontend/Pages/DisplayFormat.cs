using System.Globalization;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Pages;

/// <summary>How the pages write times, ages and audit actions.</summary>
public static class DisplayFormat
{
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The machine-readable form for a <c>time</c> element's <c>datetime</c>.</summary>
    public static string IsoTime(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string Age(int days) => days switch
    {
        <= 0 => "today",
        1 => "1 day",
        _ => $"{days} days",
    };

    public static string Action(string action) => action switch
    {
        KeyAction.Created => "Key saved (first version)",
        KeyAction.Updated => "Key replaced",
        KeyAction.Revealed => "Key revealed",
        KeyAction.Deleted => "Key deleted",
        KeyAction.Restored => "Old version restored",
        KeyAction.Undeleted => "Deleted key brought back",
        KeyAction.Purged => "Key removed for good",
        KeyAction.Imported => "Key imported",
        KeyAction.Used => "Key read by an app token",
        KeyAction.UsedDeploymentKey => "Deployment key given to an app token",
        KeyAction.SignedIn => "Signed in",
        KeyAction.AuthenticationFailed => "Failed sign-in",
        KeyAction.RecoveryCodeUsed => "Recovery code used",
        KeyAction.PasswordChanged => "Password changed",
        KeyAction.TwoFactorEnabled => "Two-factor authentication on",
        KeyAction.TwoFactorDisabled => "Two-factor authentication off",
        KeyAction.AppTokenCreated => "App token created",
        KeyAction.AppTokenRevoked => "App token revoked",
        _ => action,
    };
}
