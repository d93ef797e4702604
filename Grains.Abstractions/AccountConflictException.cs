namespace KeyKeeper.Grains.Abstractions;

/// <summary>The request does not fit the account's current state (e.g. confirming 2FA with no enrolment pending).</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.AccountConflictException")]
public sealed class AccountConflictException : Exception
{
    public AccountConflictException(string message) : base(message)
    {
    }

    public AccountConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
