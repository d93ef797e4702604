using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace KeyKeeper.Silo.Legacy;

/// <summary>A username that appears more than once is a problem on every occurrence: the file does not say which entry is the account.</summary>
public sealed class LegacyUsersFile
{
    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private LegacyUsersFile(string path, IReadOnlyList<LegacyUser> users)
    {
        Path = path;
        Users = users;
    }

    public string Path { get; }

    public IReadOnlyList<LegacyUser> Users { get; }

    public static LegacyUsersFile Read(string path)
    {
        var json = ReadAllBytes(path);
        if (json.Span.StartsWith(Utf8ByteOrderMark))
        {
            json = json[Utf8ByteOrderMark.Length..];
        }

        // The JSON reader checks the UTF-8 of a string only when the string is read, which would
        // surface as an InvalidOperationException in the middle of reading the users.
        if (FirstInvalidUtf8(json.Span) is { } invalidAt)
        {
            throw new LegacyImportException(
                $"The legacy users file '{path}' is not valid UTF-8 at line {json.Span[..invalidAt].Count((byte)'\n') + 1}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new LegacyImportException(
                $"The legacy users file '{path}' is not valid JSON at line {e.LineNumber + 1}, " +
                $"byte {e.BytePositionInLine + 1} of the line: {ReasonOf(e)}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LegacyImportException(
                    $"The legacy users file '{path}' holds {LegacyUserFields.Kind(root.ValueKind)} at the top level, not an object keyed by username.");
            }

            var occurrences = root.EnumerateObject().CountBy(entry => entry.Name, StringComparer.Ordinal)
                .ToDictionary(StringComparer.Ordinal);
            var users = root.EnumerateObject().Select(entry => LegacyUserFields.ReadUser(entry, occurrences[entry.Name])).ToList();
            return new LegacyUsersFile(path, users);
        }
    }

    private static ReadOnlyMemory<byte> ReadAllBytes(string path)
    {
        try
        {
            using var stream = LegacyFiles.OpenRead(path);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.GetBuffer().AsMemory(0, (int)copy.Length);
        }
        catch (Exception e) when (LegacyFiles.IsReadFailure(e))
        {
            throw LegacyFiles.ReadFailure("users file", path, e);
        }
    }

    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
        return status == OperationStatus.Done ? null : read;
    }

    // JsonException's message ends with its own zero-based position, which would contradict ours.
    private static string ReasonOf(JsonException e)
    {
        var cut = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? e.Message[..cut] : e.Message;
    }
}
