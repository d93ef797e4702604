namespace KeyKeeper.Silo.Legacy;

internal static class LegacyFiles
{
    // The legacy files are the only copy of the old data: read-only access, and readers may share.
    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read);

    public static bool IsReadFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    public static LegacyImportException ReadFailure(string what, string path, Exception e) =>
        e is FileNotFoundException or DirectoryNotFoundException
            ? new($"The legacy {what} '{path}' does not exist.", e)
            : new($"The legacy {what} '{path}' could not be read: {e.Message}", e);
}
