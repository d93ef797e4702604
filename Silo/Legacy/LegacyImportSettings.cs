namespace KeyKeeper.Silo.Legacy;

/// <summary>The <c>Legacy</c> section: which legacy files to import, and how.</summary>
public sealed class LegacyImportSettings
{
    public const string SectionName = "Legacy";

    /// <summary>The legacy app's <c>users.json</c>.</summary>
    public string? UsersFile { get; set; }

    /// <summary>The legacy app's <c>.encryption_key</c> (Fernet).</summary>
    public string? KeyFile { get; set; }

    /// <summary>Where the JSON report goes; a file under the temporary folder when unset.</summary>
    public string? ReportFile { get; set; }

    /// <summary>Checks and reports everything, writes nothing.</summary>
    public bool DryRun { get; set; }

    /// <summary>Imports the users that can be imported even when others fail.</summary>
    public bool AllowPartial { get; set; }

    public bool HasFiles => !string.IsNullOrWhiteSpace(UsersFile) || !string.IsNullOrWhiteSpace(KeyFile);
}
