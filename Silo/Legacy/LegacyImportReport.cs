namespace KeyKeeper.Silo.Legacy;

/// <summary>What an import did (or, in a dry run, would do). Holds names and counts, never a secret.</summary>
public sealed record LegacyImportReport(
    string UsersFile,
    bool DryRun,
    bool AllowPartial,
    int UsersInFile,
    IReadOnlyList<string> Imported,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<ImportFailure> Failed,
    IReadOnlyList<IReadOnlyList<string>> Collisions,
    IReadOnlyDictionary<string, int> KeysImportedByProvider,
    int EmptyKeysSkipped,
    bool Written,
    double Seconds)
{
    public int FailedUsers => Failed.Select(failure => failure.User).Distinct(StringComparer.Ordinal).Count();

    public int ExitCode => FailedUsers > 0 && !AllowPartial ? 1 : 0;
}
