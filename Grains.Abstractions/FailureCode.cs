namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// Why a call on a user's grain did not do what it was asked. The closed set every caller maps:
/// the frontend turns each into one HTTP status and one page message.
/// </summary>
[GenerateSerializer, Alias("keykeeper.FailureCode")]
public enum FailureCode
{
    /// <summary>A value breaks its rule; <see cref="KeyKeeperException.Field"/> names it.</summary>
    InvalidInput = 0,

    /// <summary>The session or app token is unknown, revoked or expired.</summary>
    SessionRejected = 1,

    /// <summary>Wrong username, password or code at login; <see cref="KeyKeeperException.TwoFactorRequired"/> says whether a code is needed.</summary>
    LoginFailed = 2,

    /// <summary>A signed-in user's password (or code) did not confirm a sensitive change.</summary>
    WrongPassword = 3,

    /// <summary>The token may not do this (an app token outside its providers).</summary>
    NotAllowed = 4,

    /// <summary>There is no such key, version, session or token.</summary>
    NotFound = 5,

    /// <summary>The request does not fit the account's current state (a taken name, 2FA already on).</summary>
    Conflict = 6,

    /// <summary>The stored value does not decrypt with the configured key-encryption keys; nothing was deleted.</summary>
    Unreadable = 7,

    /// <summary>The key changed since the caller read it; <see cref="KeyKeeperException.CurrentVersion"/> says to what.</summary>
    VersionMismatch = 8,

    /// <summary>Locked after failed attempts; <see cref="KeyKeeperException.RetryAfter"/> says how long.</summary>
    TooManyAttempts = 9,

    /// <summary>The key store could not make the change durable (or be read); nothing was changed.</summary>
    Unavailable = 10,
}
