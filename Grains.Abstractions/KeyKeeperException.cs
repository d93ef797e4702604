namespace KeyKeeper.Grains.Abstractions;

/// <summary>The one way a user's grain says no; the message is written for the user and shown as it is.</summary>
[GenerateSerializer, Alias("keykeeper.KeyKeeperException")]
public sealed class KeyKeeperException : Exception
{
    public KeyKeeperException(FailureCode code, string message, string? field = null) : base(message)
    {
        Code = code;
        Field = field;
    }

    public KeyKeeperException(string message) : this(FailureCode.Unavailable, message)
    {
    }

    public KeyKeeperException(string message, Exception innerException) : base(message, innerException)
    {
        Code = FailureCode.Unavailable;
    }

    [Id(0)]
    public FailureCode Code { get; private set; }

    [Id(1)]
    public string? Field { get; private set; }

    [Id(2)]
    public TimeSpan? RetryAfter { get; private set; }

    [Id(3)]
    public int? CurrentVersion { get; private set; }

    [Id(4)]
    public bool TwoFactorRequired { get; private set; }

    public static KeyKeeperException InvalidInput(string field, string message) => new(FailureCode.InvalidInput, message, field);

    public static KeyKeeperException SessionRejected(string message = "The bearer token is unknown, revoked or expired.") =>
        new(FailureCode.SessionRejected, message);

    public static KeyKeeperException LoginFailed(string message, bool twoFactorRequired) =>
        new(FailureCode.LoginFailed, message) { TwoFactorRequired = twoFactorRequired };

    public static KeyKeeperException WrongPassword(string message) => new(FailureCode.WrongPassword, message);

    public static KeyKeeperException NotAllowed(string message) => new(FailureCode.NotAllowed, message);

    public static KeyKeeperException NotFound(string message) => new(FailureCode.NotFound, message);

    public static KeyKeeperException Conflict(string message) => new(FailureCode.Conflict, message);

    public static KeyKeeperException Unreadable(string provider) => new(FailureCode.Unreadable,
        $"The stored {provider} key cannot be decrypted with the configured key-encryption keys. It has not been deleted; save a new value to replace it.");

    public static KeyKeeperException VersionMismatch(int? currentVersion) => new(FailureCode.VersionMismatch,
        currentVersion is { } current
            ? $"The key was changed elsewhere: it is now at version {current}. Reload it and try again."
            : "The key was deleted elsewhere. Reload and try again.")
    {
        CurrentVersion = currentVersion,
    };

    public static KeyKeeperException TooManyAttempts(TimeSpan retryAfter) => new(FailureCode.TooManyAttempts,
        $"Too many failed attempts: the account is locked. Try again in {WholeSeconds(retryAfter)} seconds.")
    {
        RetryAfter = retryAfter,
    };

    /// <summary>An app token's own limit: a 429 like a lockout, with the time until the limit lets a request through.</summary>
    public static KeyKeeperException LimitReached(string message, TimeSpan retryAfter) => new(FailureCode.TooManyAttempts, message)
    {
        RetryAfter = retryAfter,
    };

    public static KeyKeeperException Unavailable(string message = "The key store cannot be reached right now. Nothing was changed; please try again.") =>
        new(FailureCode.Unavailable, message);

    public static int WholeSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
