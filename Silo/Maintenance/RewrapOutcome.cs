namespace KeyKeeper.Silo.Maintenance;

[GenerateSerializer, Alias("keykeeper.RewrapOutcome")]
public enum RewrapOutcome
{
    /// <summary>Already wrapped by the active key (or nothing to wrap).</summary>
    AlreadyCurrent = 0,

    Rewrapped = 1,

    /// <summary>The data key (or a value stored before data keys) does not decrypt with any configured key.</summary>
    Unreadable = 2,
}
