namespace KeyKeeper.Silo.Validation;

/// <summary>Checking stored keys with their providers (section <c>KeyValidation</c>).</summary>
public sealed class KeyValidationOptions
{
    public const string SectionName = "KeyValidation";

    /// <summary>
    /// How long a provider has to answer before the key counts as unreachable. Short, because the
    /// user's grain (which is not reentrant) waits for the answer.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How old a check may grow before the periodic check repeats it. Unset (the default) turns the
    /// periodic check off; each silo then looks for due keys every quarter of this interval.
    /// </summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>
    /// Provider name → where its keys are checked. The built-in providers (openai, anthropic,
    /// google, groq) need no entry; an entry moves one (a stand-in in tests) or adds another.
    /// </summary>
    public Dictionary<string, ProviderEndpointOptions> Providers { get; set; } = new(StringComparer.Ordinal);
}
