using KeyKeeper.Silo.Legacy;

namespace KeyKeeper.Grains.Tests.Legacy;

public sealed class FernetKeyTests
{
    private const string SpecKey = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";

    [Theory]
    [InlineData(SpecKey)]
    [InlineData(SpecKey + "\n")]
    [InlineData(SpecKey + "\r\n")]
    [InlineData("  " + SpecKey + " \n\n")]
    public void AKeyWithWhiteSpaceAroundItParses(string text)
    {
        Assert.True(FernetKey.TryParse(text, out var key, out var error), error);
        Assert.Equal("", error);
        Assert.DoesNotContain(SpecKey[..8], key.ToString());
    }

    [Theory]
    [InlineData("", "found nothing")]
    [InlineData(" \n ", "found nothing")]
    [InlineData(SpecKey + "A", "found 45 characters")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e", "found 42 characters")]
    [InlineData("cw/0x689RpI+jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=", "outside that alphabet at position 3")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4A", "no '=' padding")]
    [InlineData(SpecKey + "\n" + SpecKey, "found 2 lines")]
    [InlineData("cw_0x689RpI-jtRR7oE8h_eQs\nKImvJapLeSbXpwF4e4=", "found 2 lines")]
    public void AnythingElseIsRefusedWithoutRepeatingTheText(string text, string reason)
    {
        Assert.False(FernetKey.TryParse(text, out var key, out var error));
        Assert.Null(key);
        Assert.StartsWith("must be 44 characters of URL-safe base64 encoding 32 bytes", error);
        Assert.Contains(reason, error);
        Assert.DoesNotContain("0x689RpI", error);
    }
}
