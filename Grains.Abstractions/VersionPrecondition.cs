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

    /// <summary>Weak ETags never match (RFC 9110 compares strongly).</summary>
    public static bool TryParse(string header, out VersionPrecondition precondition)
    {
        precondition = Any;
        if (header.Trim() == "*")
        {
            return true;
        }

        var versions = new List<int>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var weak = part.StartsWith("W/", StringComparison.Ordinal);
            var tag = weak ? part[2..] : part;
            if (tag.Length < 3 || tag[0] != '"' || tag[^1] != '"' || !int.TryParse(tag.AsSpan(1, tag.Length - 2), System.Globalization.NumberStyles.None, null, out var version))
            {
                return false;
            }

            if (!weak)
            {
                versions.Add(version);
            }
        }

        if (versions.Count == 0 && !header.Contains("W/", StringComparison.Ordinal))
        {
            return false;
        }

        precondition = new VersionPrecondition(false, versions);
        return true;
    }
}
