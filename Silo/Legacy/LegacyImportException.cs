namespace KeyKeeper.Silo.Legacy;

/// <summary>
/// A legacy file (<c>users.json</c> or <c>.encryption_key</c>) is missing, unreadable or not of the
/// legacy format as a whole; the message names the file and the problem and never holds a key.
/// </summary>
public sealed class LegacyImportException(string message, Exception? innerException = null)
    : Exception(message, innerException);
