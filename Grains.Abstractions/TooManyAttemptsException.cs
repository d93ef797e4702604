namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// The account is locked after repeated wrong passwords or codes; nothing is checked until
/// <see cref="RetryAfter"/> has passed. The lock lives in the user's grain state, so it holds
/// across frontends and restarts.
/// </summary>
[GenerateSerializer, Immutable, Alias("keykeeper.TooManyAttemptsException")]
public sealed class TooManyAttemptsException : Exception
{
    public TooManyAttemptsException(TimeSpan retryAfter)
        : base($"Too many failed attempts. Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.")
    {
        RetryAfter = retryAfter;
    }

    public TooManyAttemptsException(string message) : base(message)
    {
    }

    public TooManyAttemptsException(string message, Exception innerException) : base(message, innerException)
    {
    }

    [Id(0)]
    public TimeSpan RetryAfter { get; private set; }
}
