namespace KeyKeeper.Silo.Validation;

public sealed class KeyValidationOptions
{
    public const string SectionName = "KeyValidation";

    /// <summary>Short, because the user's grain (which is not reentrant) waits for the answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan? Interval { get; set; }
}
