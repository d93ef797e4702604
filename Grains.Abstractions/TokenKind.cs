namespace KeyKeeper.Grains.Abstractions;

public enum TokenKind
{
    Session,
    App,
}
