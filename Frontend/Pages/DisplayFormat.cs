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

    /// <summary>How long ago, in the largest whole unit: "just now", "3 min ago", "2 h ago", "5 days ago".</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now) => (now - at) switch
    {
        var ago when ago < TimeSpan.FromMinutes(1) => "just now",
        var ago when ago < TimeSpan.FromHours(1) => $"{(int)ago.TotalMinutes} min ago",
        var ago when ago < TimeSpan.FromDays(1) => $"{(int)ago.TotalHours} h ago",
        var ago when ago < TimeSpan.FromDays(2) => "1 day ago",
        var ago => $"{(int)ago.TotalDays} days ago",
    };

    /// <summary>A provider's verdict on a key, in words.</summary>
    public static string Validation(KeyValidationStatus status) => status switch
    {
        KeyValidationStatus.Valid => "valid",
        KeyValidationStatus.Revoked => "revoked",
        KeyValidationStatus.RateLimited => "rate limited",
        KeyValidationStatus.Unreachable => "unreachable",
        KeyValidationStatus.NotCheckable => "not checkable",
        _ => "unreadable",
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
        KeyAction.Validated => "Key checked with the provider",
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
