namespace KeyKeeper.Grains.Abstractions;

/// <summary>Which kind of credential a token is.</summary>
public enum TokenKind
{
    /// <summary>A login session: manages the account and its keys.</summary>
    Session,

    /// <summary>An app token: reads the plain values of the providers it was given, nothing else.</summary>
    App,
}
