using System.Buffers;
using System.Globalization;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>An <c>If-Match</c> condition: the write goes ahead only while the current version is one of <see cref="Versions"/> (for <c>*</c>, any current one).</summary>
[GenerateSerializer, Immutable, Alias("keykeeper.VersionPrecondition")]
public sealed record VersionPrecondition(
    [property: Id(0)] bool AnyVersion,
    [property: Id(1)] IReadOnlyList<int> Versions)
{
    public static VersionPrecondition Any { get; } = new(true, []);

    public bool IsMetBy(int? currentVersion) =>
        currentVersion is { } current && (AnyVersion || Versions.Contains(current));

    public static string ETagOf(int version) => $"\"{version}\"";

    /// <summary>
    /// Accepts any RFC 9110 <c>If-Match</c> value: <c>*</c> or a list of entity-tags. Tags that are not one of our
    /// versions, and weak ones (compared strongly), are kept out of <see cref="Versions"/>, so they never match.
    /// </summary>
    public static bool TryParse(string header, out VersionPrecondition precondition)
    {
        precondition = Any;
        var text = header.AsSpan().Trim(Whitespace);
        if (text is "*")
        {
            return true;
        }

        var versions = new List<int>();
        var tags = 0;
        while (true)
        {
            // Empty list elements are allowed (RFC 9110 §5.6.1.2).
            text = text.TrimStart(ListSeparators);
            if (text.IsEmpty)
            {
                break;
            }

            var weak = text.StartsWith("W/", StringComparison.Ordinal);
            var rest = weak ? text[2..] : text;
            var end = rest.Length > 1 && rest[0] == '"' ? rest[1..].IndexOf('"') : -1;
            if (end < 0 || rest.Slice(1, end).ContainsAnyExcept(ETagCharacters))
            {
                return false;
            }

            var opaque = rest.Slice(1, end);
            text = rest[(end + 2)..].TrimStart(Whitespace);
            if (!text.IsEmpty && text[0] != ',')
            {
                return false;
            }

            tags++;
            if (!weak && int.TryParse(opaque, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && opaque.SequenceEqual(version.ToString(CultureInfo.InvariantCulture)))
            {
                versions.Add(version);
            }
        }

        if (tags == 0)
        {
            return false;
        }

        precondition = new VersionPrecondition(false, versions);
        return true;
    }

    private const string Whitespace = " \t";
    private const string ListSeparators = " \t,";

    // etagc = %x21 / %x23-7E / obs-text (%x80-FF).
    private static readonly SearchValues<char> ETagCharacters = SearchValues.Create(
        [(char)0x21, .. Enumerable.Range(0x23, 0x7E - 0x23 + 1).Select(c => (char)c), .. Enumerable.Range(0x80, 0x80).Select(c => (char)c)]);
}
