namespace KeyKeeper.Silo.Maintenance;

/// <summary>What a key-encryption key rotation did.</summary>
public sealed record KeyRotationReport(string ActiveKeyId, int Checked, int Rewrapped, int AlreadyCurrent, int Unreadable, int Failed, int Remaining);
