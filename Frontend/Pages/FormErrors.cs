using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace KeyKeeper.Frontend.Pages;

/// <summary>Problems by input (or section) id, rendered with <c>role="alert"</c> and tied to the input by <c>aria-describedby</c>.</summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, string> _messages = new(StringComparer.Ordinal);

    public bool Any => _messages.Count > 0;

    /// <summary>Keeps the first problem of an input: one message at a time is easier to act on.</summary>
    public void Add(string id, string message) => _messages.TryAdd(id, message);

    public void AddAll(IReadOnlyDictionary<string, string[]> problems, Func<string, string> idOf)
    {
        foreach (var (field, messages) in problems)
        {
            Add(idOf(field), string.Join(" ", messages));
        }
    }

    public string? For(string id) => _messages.GetValueOrDefault(id);

    public static string ErrorId(string id) => id + "-error";

    // This and Invalid return null where Razor should leave the attribute out.
    public string? DescribedBy(string id, string? hintId = null)
    {
        var ids = new[] { hintId, _messages.ContainsKey(id) ? ErrorId(id) : null }.OfType<string>().ToArray();
        return ids.Length == 0 ? null : string.Join(' ', ids);
    }

    public string? Invalid(string id) => _messages.ContainsKey(id) ? "true" : null;

    public IHtmlContent Message(string id)
    {
        if (For(id) is not { } message)
        {
            return HtmlString.Empty;
        }

        var paragraph = new TagBuilder("p");
        paragraph.Attributes["id"] = ErrorId(id);
        paragraph.Attributes["role"] = "alert";
        paragraph.AddCssClass("field-error");
        paragraph.InnerHtml.Append(message);
        return paragraph;
    }
}
