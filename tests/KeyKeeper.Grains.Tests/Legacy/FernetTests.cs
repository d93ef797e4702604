using System.Security.Cryptography;
using System.Text;
using KeyKeeper.Silo.Legacy;

namespace KeyKeeper.Grains.Tests.Legacy;

public sealed class FernetTests
{
    // The spec's invalid vectors that are only invalid because of the clock.
    private static readonly string[] ClockVectors = ["far-future TS (unacceptable clock skew)", "expired TTL"];

    public static TheoryData<int> GenerateVectors => new(Enumerable.Range(0, FernetVector.Generate.Count));

    public static TheoryData<int> VerifyVectors => new(Enumerable.Range(0, FernetVector.Verify.Count));

    public static TheoryData<string> InvalidVectors => new(FernetVector.Invalid.Select(vector => vector.Desc!));

    [Theory]
    [MemberData(nameof(GenerateVectors))]
    public void GenerateVectorEncryptsToItsTokenAndDecryptsToItsSource(int index)
    {
        var vector = FernetVector.Generate[index];

        var token = Fernet.Encrypt(vector.Key, Encoding.UTF8.GetBytes(vector.Src!), vector.Now, vector.IvBytes);

        Assert.Equal(vector.Token, token);
        Assert.True(Fernet.TryDecrypt(vector.Key, token, out var plaintext, out var error), error);
        Assert.Equal(vector.Src, Encoding.UTF8.GetString(plaintext));
    }

    [Theory]
    [MemberData(nameof(VerifyVectors))]
    public void VerifyVectorDecryptsToItsSourceWithAndWithoutItsClock(int index)
    {
        var vector = FernetVector.Verify[index];

        Assert.True(Fernet.TryDecrypt(vector.Key, vector.Token, out var timed, out var error, vector.Now, vector.Ttl), error);
        Assert.True(Fernet.TryDecrypt(vector.Key, vector.Token, out var untimed, out error), error);
        Assert.Equal(vector.Src, Encoding.UTF8.GetString(timed));
        Assert.Equal(vector.Src, Encoding.UTF8.GetString(untimed));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void InvalidVectorIsRejectedWithAReason(string desc)
    {
        var vector = FernetVector.Invalid.Single(v => v.Desc == desc);

        var accepted = Fernet.TryDecrypt(vector.Key, vector.Token, out var plaintext, out var error, vector.Now, vector.Ttl);

        Assert.False(accepted);
        Assert.Empty(plaintext);
        Assert.Contains(ExpectedReason(desc), error);
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void WithoutATtlOnlyTheClockVectorsDecrypt(string desc)
    {
        var vector = FernetVector.Invalid.Single(v => v.Desc == desc);

        var accepted = Fernet.TryDecrypt(vector.Key, vector.Token, out _, out var error);

        // The legacy data has no TTL, so an old or future stamp alone must not refuse a token.
        Assert.Equal(ClockVectors.Contains(desc), accepted);
        Assert.Equal(accepted, error.Length == 0);
    }

    [Fact]
    public void ChangingAnyByteOfATokenIsRejected()
    {
        var vector = FernetVector.Generate[0];
        var bytes = DecodeBase64Url(vector.Token);

        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = bytes.ToArray();
            tampered[i] ^= 0x01;
            Assert.False(Fernet.TryDecrypt(vector.Key, EncodeBase64Url(tampered), out _, out _), $"byte {i} changed");
        }
    }

    [Fact]
    public void AnotherKeyIsRejectedForItsHmac()
    {
        var vector = FernetVector.Generate[0];

        Assert.False(Fernet.TryDecrypt(RandomKey(), vector.Token, out var plaintext, out var error));
        Assert.Empty(plaintext);
        Assert.Contains("HMAC", error);
    }

    [Fact]
    public void RandomIvTokensRoundTripAndDiffer()
    {
        var key = RandomKey();
        var value = Encoding.UTF8.GetBytes("  sk-proj-zo\u00EB \u2603 ");

        var first = Fernet.Encrypt(key, value);
        var second = Fernet.Encrypt(key, value);

        Assert.NotEqual(first, second);
        Assert.True(Fernet.TryDecrypt(key, first, out var plaintext, out _, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
        Assert.Equal(value, plaintext);
    }

    [Fact]
    public void PaddingIsOptional()
    {
        var vector = FernetVector.Generate[0];

        Assert.True(Fernet.TryDecrypt(vector.Key, vector.Token.TrimEnd('='), out var plaintext, out var error), error);
        Assert.Equal(vector.Src, Encoding.UTF8.GetString(plaintext));
    }

    [Theory]
    [InlineData(" ", 10)]
    [InlineData("\n", 40)]
    [InlineData("=", 20)]
    [InlineData("+", 0)]
    public void CharactersOutsideUrlSafeBase64AreRejected(string inserted, int at)
    {
        var vector = FernetVector.Generate[0];

        Assert.False(Fernet.TryDecrypt(vector.Key, vector.Token.Insert(at, inserted), out _, out var error));
        Assert.Contains("base64", error);
    }

    [Fact]
    public void ATokenWithoutCiphertextIsRejected()
    {
        var headerAndMac = new byte[1 + 8 + 16 + 32];
        headerAndMac[0] = 0x80;

        Assert.False(Fernet.TryDecrypt(RandomKey(), EncodeBase64Url(headerAndMac), out _, out var error));
        Assert.Contains("ciphertext is 0 bytes", error);
    }

    [Fact]
    public void AnEmptyTokenIsRejected() =>
        Assert.False(Fernet.TryDecrypt(RandomKey(), "", out _, out _));

    private static string ExpectedReason(string desc) => desc switch
    {
        "incorrect mac" => "HMAC",
        "too short" => "too short",
        "invalid base64" => "base64",
        "payload size not multiple of block size" => "multiple of 16",
        "payload padding error" or "incorrect IV (causes padding error)" => "padding",
        "far-future TS (unacceptable clock skew)" => "future",
        "expired TTL" => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(desc), desc, "a vector this test does not know"),
    };

    internal static FernetKey RandomKey()
    {
        var text = EncodeBase64Url(RandomNumberGenerator.GetBytes(32));
        return FernetKey.TryParse(text, out var key, out var error) ? key : throw new InvalidOperationException(error);
    }

    private static string EncodeBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');

    private static byte[] DecodeBase64Url(string text) => Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/'));
}
