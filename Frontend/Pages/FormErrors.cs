using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace KeyKeeper.Frontend.Pages;

/// <summary>
/// A form's problems keyed by the id of the input (or section) they belong to, rendered next to
/// it with <c>role="alert"</c> and tied to the input with <c>aria-describedby</c> and <c>aria-invalid</c>.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, string> _messages = new(StringComparer.Ordinal);

    public bool Any => _messages.Count > 0;

    /// <summary>Keeps the first problem of an input: one message at a time is easier to act on.</summary>
    public void Add(string id, string message) => _messages.TryAdd(id, message);

    /// <summary>Adds checks keyed by field name (as the API reports them), each under the input id <paramref name="idOf"/> gives.</summary>
    public void AddAll(IReadOnlyDictionary<string, string[]> problems, Func<string, string> idOf)
    {
        foreach (var (field, messages) in problems)
        {
            Add(idOf(field), string.Join(" ", messages));
        }
    }

    public string? For(string id) => _messages.GetValueOrDefault(id);

    public static string ErrorId(string id) => id + "-error";

    /// <summary>The <c>aria-describedby</c> of an input: its hint and its error, or null (no attribute) for neither.</summary>
    public string? DescribedBy(string id, string? hintId = null)
    {
        var ids = new[] { hintId, _messages.ContainsKey(id) ? ErrorId(id) : null }.OfType<string>().ToArray();
        return ids.Length == 0 ? null : string.Join(' ', ids);
    }

    /// <summary>The <c>aria-invalid</c> of an input: "true", or null (no attribute).</summary>
    public string? Invalid(string id) => _messages.ContainsKey(id) ? "true" : null;

    /// <summary>The message of <paramref name="id"/> as <c>&lt;p id="…-error" role="alert"&gt;</c>; nothing when there is none.</summary>
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
