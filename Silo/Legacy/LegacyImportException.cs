namespace KeyKeeper.Silo.Legacy;

/// <summary>A legacy file is missing, unreadable or malformed as a whole; the message names it and never holds a key.</summary>
public sealed class LegacyImportException(string message, Exception? innerException = null)
    : Exception(message, innerException);
