namespace KeyKeeper.Grains.Abstractions;

/// <summary>Why a call on a user's grain did not do what it was asked; docs/api.md gives each code's HTTP status.</summary>
[GenerateSerializer, Alias("keykeeper.FailureCode")]
public enum FailureCode
{
    InvalidInput = 0,
    SessionRejected = 1,
    LoginFailed = 2,
    WrongPassword = 3,
    NotAllowed = 4,
    NotFound = 5,
    Conflict = 6,
    Unreadable = 7,
    VersionMismatch = 8,
    TooManyAttempts = 9,
    Unavailable = 10,
}
