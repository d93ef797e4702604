namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// A change could not be made durable (the database is unreachable or refused the write).
/// Nothing was changed: the grain restored its state before throwing.
/// </summary>
[GenerateSerializer, Alias("keykeeper.KeyStoreUnavailableException")]
public sealed class KeyStoreUnavailableException : Exception
{
    public KeyStoreUnavailableException(string message) : base(message)
    {
    }

    public KeyStoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
