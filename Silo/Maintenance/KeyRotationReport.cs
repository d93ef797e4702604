namespace KeyKeeper.Silo.Maintenance;

/// <summary>What a key-encryption key rotation did.</summary>
/// <param name="ActiveKeyId">The key everything was re-wrapped under.</param>
/// <param name="Checked">Users whose data needed another key when the run looked.</param>
/// <param name="Rewrapped">Users re-wrapped by this run.</param>
/// <param name="AlreadyCurrent">Users already on the active key (re-wrapped meanwhile, or by an earlier run).</param>
/// <param name="Unreadable">Users whose data does not decrypt with any configured key; left as they are.</param>
/// <param name="Failed">Users whose grain call failed; a second run retries them.</param>
/// <param name="Remaining">Users whose data still needs a key other than the active one afterwards.</param>
public sealed record KeyRotationReport(string ActiveKeyId, int Checked, int Rewrapped, int AlreadyCurrent, int Unreadable, int Failed, int Remaining);
