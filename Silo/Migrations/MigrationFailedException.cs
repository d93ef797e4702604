namespace KeyKeeper.Silo.Migrations;

/// <summary>A migration script could not be applied; nothing of the run was kept.</summary>
public sealed class MigrationFailedException(string message, Exception? innerException)
    : Exception(message, innerException);
