namespace KeyKeeper.Silo.Legacy;

[GenerateSerializer, Alias("keykeeper.ImportOutcome")]
public enum ImportOutcome
{
    Imported = 0,

    /// <summary>The account exists (signed up, or imported before): nothing was changed.</summary>
    AlreadyExists = 1,
}
