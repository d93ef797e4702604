namespace KeyKeeper.Grains.Abstractions;

public static class ProviderCatalogue
{
    public const string Other = "other";

    public static IReadOnlyList<ProviderShape> Providers { get; } =
    [
        new("openai", "OpenAI", ["sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"], MinLength: 40, MaxLength: 512),
        new("anthropic", "Anthropic", ["sk-ant-"], MinLength: 40, MaxLength: 512),
        new("google", "Google AI (Gemini)", ["AIza"], MinLength: 39, MaxLength: 39),
        new("groq", "Groq", ["gsk_"], MinLength: 40, MaxLength: 256),
        new(Other, "Any other provider", [], MinLength: 1, MaxLength: KeyValue.MaxLength),
    ];

    private static readonly Dictionary<string, ProviderShape> ByName = Providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    // Longest first, so "sk-ant-…" is recognised as Anthropic before "sk-…" matches OpenAI.
    private static readonly (string Prefix, ProviderShape Provider)[] PrefixesLongestFirst =
        [.. Providers.SelectMany(p => p.Prefixes.Select(prefix => (prefix, p))).OrderByDescending(pair => pair.prefix.Length)];

    public static ProviderShape? Find(string provider) => ByName.GetValueOrDefault(provider);

    public static ProviderShape? LooksLike(string value)
    {
        foreach (var (prefix, provider) in PrefixesLongestFirst)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return provider;
            }
        }

        return null;
    }

    public static bool TryCheckShape(string provider, string value, out string error)
    {
        error = string.Empty;
        if (Find(provider) is not { Prefixes.Count: > 0 } expected)
        {
            return true;
        }

        var lookalike = LooksLike(value);
        if (lookalike is not null && lookalike != expected)
        {
            error = $"This looks like a{Article(lookalike.DisplayName)} {lookalike.DisplayName} key, not a{Article(expected.DisplayName)} {expected.DisplayName} key. Save it under '{lookalike.Name}'.";
            return false;
        }

        if (lookalike is null)
        {
            error = $"{expected.DisplayName} keys start with {string.Join(" or ", expected.Prefixes.Select(p => $"'{p}'"))}.";
            return false;
        }

        if (!value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            error = $"{expected.DisplayName} keys contain only letters, digits, '-' and '_'. Check for spaces or quotes inside the pasted value.";
            return false;
        }

        if (value.Length < expected.MinLength)
        {
            error = $"This looks truncated: {expected.DisplayName} keys have at least {expected.MinLength} characters, this has {value.Length}.";
            return false;
        }

        if (value.Length > expected.MaxLength)
        {
            error = $"This is longer than any {expected.DisplayName} key ({expected.MaxLength} characters at most): was more than the key pasted?";
            return false;
        }

        return true;
    }

    private static string Article(string word) => "AEIOU".Contains(word[0]) ? "n" : string.Empty;
}
