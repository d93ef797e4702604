namespace KeyKeeper.Testing;

/// <summary>Fake key values for tests, registered with <see cref="LogLeakDetector.Shared"/> as they are made.</summary>
public static class TestKeyValues
{
    /// <summary>A fake key of the shape the provider's keys have (see ProviderCatalogue), unique per call.</summary>
    public static string New(string provider = "openai")
    {
        var value = Shaped(provider, Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"));
        LogLeakDetector.Shared.RegisterValue(value);
        return value;
    }

    /// <summary>
    /// A key of the provider's shape made of <paramref name="random"/> (at least 56 characters),
    /// not registered with the log-leak detector: for data sets too large to check every log line against.
    /// </summary>
    public static string Shaped(string provider, string random) => provider switch
    {
        "openai" => "sk-proj-" + random[..48],
        "anthropic" => "sk-ant-api03-" + random[..56],
        "google" => "AIza" + random[..35],
        "groq" => "gsk_" + random[..52],
        _ => "key-" + random[..40],
    };
}
