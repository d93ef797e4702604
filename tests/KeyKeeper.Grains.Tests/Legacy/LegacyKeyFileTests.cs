using System.Text;
using KeyKeeper.Silo.Legacy;

namespace KeyKeeper.Grains.Tests.Legacy;

public sealed class LegacyKeyFileTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void TheSampleKeyFileReadsAsAWorkingKey()
    {
        var key = LegacyKeyFile.Read(Fixtures.Path("legacy-sample", ".encryption_key"));
        var token = Fernet.Encrypt(key, "x"u8);

        Assert.True(Fernet.TryDecrypt(key, token, out var plaintext, out _));
        Assert.Equal("x"u8.ToArray(), plaintext);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var path = Path.Combine(_scratch.Path, ".encryption_key");

        var error = Assert.Throws<LegacyImportException>(() => LegacyKeyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void AMissingDirectoryIsNamed()
    {
        var path = Path.Combine(_scratch.Path, "nowhere", ".encryption_key");

        var error = Assert.Throws<LegacyImportException>(() => LegacyKeyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Theory]
    [InlineData("c2hvcnQ=\n", "found 8 characters")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=\nsecond line\n", "found 2 lines")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4%\n", "no '=' padding")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4%4=\n", "outside that alphabet")]
    public void AFileOfTheWrongShapeIsNamedWithItsProblem(string content, string reason)
    {
        var path = _scratch.Write(".encryption_key", content);

        var error = Assert.Throws<LegacyImportException>(() => LegacyKeyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("0x689RpI", error.Message);
    }

    [Fact]
    public void ALargeFileIsNotReadAsAKey()
    {
        var path = _scratch.Write(".encryption_key", new string('A', 10_000));

        var error = Assert.Throws<LegacyImportException>(() => LegacyKeyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("10000 bytes", error.Message);
    }

    [Fact]
    public void InvalidUtf8IsNotAKey()
    {
        var path = Path.Combine(_scratch.Path, ".encryption_key");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes(new string('A', 42)), 0xFF, (byte)'=']);

        var error = Assert.Throws<LegacyImportException>(() => LegacyKeyFile.Read(path));

        Assert.Contains("outside that alphabet at position 43", error.Message);
    }
}
