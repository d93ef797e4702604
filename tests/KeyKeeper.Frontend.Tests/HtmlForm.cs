using System.Net;
using System.Text.RegularExpressions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// One form of a server-rendered page, read the way a browser without JavaScript submits it: its
/// action and its inputs' names and values (the antiforgery token among them). The pages'
/// HTML is the service's own, so a few patterns read it; forms are never nested.
/// </summary>
public sealed partial class HtmlForm(string openingTag, string body)
{
    public string OpeningTag { get; } = openingTag;

    public string Body { get; } = body;

    /// <summary>Where the form posts: the path and query of its action, without the fragment a browser keeps to itself.</summary>
    public string Action => (Attribute(OpeningTag, "action") ?? string.Empty).Split('#')[0];

    /// <summary>Every input's name and value, as the form would send them unchanged.</summary>
    public Dictionary<string, string> Fields => Tags(Body, "input")
        .Where(input => input.ContainsKey("name"))
        .GroupBy(input => input["name"])
        .ToDictionary(group => group.Key, group => group.First().GetValueOrDefault("value") ?? string.Empty);

    /// <summary>Submits the form with some fields changed.</summary>
    public Task<HttpResponseMessage> SubmitAsync(HttpClient client, params (string Name, string Value)[] changes)
    {
        var fields = Fields;
        foreach (var (name, value) in changes)
        {
            fields[name] = value;
        }

        return client.PostAsync(Action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Every form of a page.</summary>
    public static IReadOnlyList<HtmlForm> All(string html) =>
        [.. FormPattern().Matches(html).Select(match => new HtmlForm(match.Groups["open"].Value, match.Groups["body"].Value))];

    /// <summary>The one form that posts to a page handler for a provider (its hidden <c>provider</c> input).</summary>
    public static HtmlForm Find(string html, string handler, string provider, Func<HtmlForm, bool>? also = null) =>
        Assert.Single(All(html), form => form.Action.EndsWith($"handler={handler}", StringComparison.Ordinal)
            && form.Fields.GetValueOrDefault("provider") == provider
            && (also is null || also(form)));

    /// <summary>The settings page's save form of a provider: <c>form[data-provider="…"]</c>.</summary>
    public static HtmlForm ForProvider(string html, string provider) =>
        Assert.Single(All(html), form => Attribute(form.OpeningTag, "data-provider") == provider);

    /// <summary>The attributes of every <c>&lt;tag&gt;</c>, values decoded; an attribute without a value maps to "".</summary>
    public static IEnumerable<Dictionary<string, string>> Tags(string html, string tag) =>
        Regex.Matches(html, $@"<{tag}\b[^>]*>", RegexOptions.IgnoreCase).Select(match => AttributesOf(match.Value));

    public static string? Attribute(string tag, string name) => AttributesOf(tag).GetValueOrDefault(name);

    /// <summary>The decoded text of the element with an id, tags inside it removed; null when there is none.</summary>
    public static string? TextOf(string html, string id)
    {
        var match = Regex.Match(html, $@"<(?<tag>\w+)\b[^>]*\bid=""{Regex.Escape(id)}""[^>]*>(?<text>.*?)</\k<tag>>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(TagPattern().Replace(match.Groups["text"].Value, string.Empty)).Trim() : null;
    }

    private static Dictionary<string, string> AttributesOf(string tag) =>
        AttributePattern().Matches(tag).ToDictionary(
            match => match.Groups["name"].Value.ToLowerInvariant(),
            match => WebUtility.HtmlDecode(match.Groups["value"].Success ? match.Groups["value"].Value : string.Empty));

    [GeneratedRegex(@"(?<open><form\b[^>]*>)(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"\s(?<name>[\w-]+)(?:=""(?<value>[^""]*)"")?")]
    private static partial Regex AttributePattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
