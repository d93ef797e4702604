namespace KeyKeeper.Silo.Legacy;

public static class LegacyKeyFile
{
    // A key file is one line of 44 characters; anything much larger is not one, and is not read.
    private const int MaxFileSize = 4096;

    public static FernetKey Read(string path)
    {
        string text;
        try
        {
            using var stream = LegacyFiles.OpenRead(path);
            if (stream.Length > MaxFileSize)
            {
                throw new LegacyImportException(
                    $"The legacy key file '{path}' is {stream.Length} bytes; a Fernet key file is one line of 44 characters.");
            }

            using var reader = new StreamReader(stream);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (LegacyFiles.IsReadFailure(e))
        {
            throw LegacyFiles.ReadFailure("key file", path, e);
        }

        return FernetKey.TryParse(text, out var key, out var error)
            ? key
            : throw new LegacyImportException($"The legacy key file '{path}' is not a Fernet key: it {error}.");
    }
}
