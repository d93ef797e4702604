using System.Globalization;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Pages;

public static class DisplayFormat
{
    public static string Time(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string IsoTime(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string Age(int days) => days switch
    {
        <= 0 => "today",
        1 => "1 day",
        _ => $"{days} days",
    };

    /// <summary>"just now", "3 min ago", "2 h ago", "5 days ago".</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now) => (now - at) switch
    {
        var ago when ago < TimeSpan.FromMinutes(1) => "just now",
        var ago when ago < TimeSpan.FromHours(1) => $"{(int)ago.TotalMinutes} min ago",
        var ago when ago < TimeSpan.FromDays(1) => $"{(int)ago.TotalHours} h ago",
        var ago when ago < TimeSpan.FromDays(2) => "1 day ago",
        var ago => $"{(int)ago.TotalDays} days ago",
    };

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
        AuditAction.Created => "Key saved (first version)",
        AuditAction.Updated => "Key replaced",
        AuditAction.Revealed => "Key revealed",
        AuditAction.Deleted => "Key deleted",
        AuditAction.Restored => "Old version restored",
        AuditAction.Undeleted => "Deleted key brought back",
        AuditAction.Purged => "Key removed for good",
        AuditAction.Imported => "Key imported",
        AuditAction.Validated => "Key checked with the provider",
        AuditAction.Used => "Key read by an app token",
        AuditAction.UsedDeploymentKey => "Deployment key given to an app token",
        AuditAction.SignedIn => "Signed in",
        AuditAction.AuthenticationFailed => "Failed sign-in",
        AuditAction.RecoveryCodeUsed => "Recovery code used",
        AuditAction.PasswordChanged => "Password changed",
        AuditAction.TwoFactorEnabled => "Two-factor authentication on",
        AuditAction.TwoFactorDisabled => "Two-factor authentication off",
        AuditAction.AppTokenCreated => "App token created",
        AuditAction.AppTokenRevoked => "App token revoked",
        _ => action,
    };
}
