namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// The token a call was made with is unknown, revoked or expired. The grain checks the token in
/// the same call as the operation it guards, so a revoked token can never slip one more call in.
/// </summary>
[GenerateSerializer, Alias("keykeeper.SessionRejectedException")]
public sealed class SessionRejectedException : Exception
{
    public SessionRejectedException() : base("The bearer token is unknown, revoked or expired.")
    {
    }

    public SessionRejectedException(string message) : base(message)
    {
    }

    public SessionRejectedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
