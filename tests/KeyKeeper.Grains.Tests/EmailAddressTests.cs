using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoAddressIsAllowedAndStoredAsNone(string? raw)
    {
        Assert.True(EmailAddress.TryNormalize(raw, out var normalized, out _));
        Assert.Null(normalized);
    }

    [Theory]
    [InlineData("  zo\u00EB@example.com ", "zo\u00EB@example.com")]
    [InlineData("zoe\u0308@example.com", "zo\u00EB@example.com")]
    [InlineData("Ada@Example.com", "Ada@Example.com")]
    public void AnAddressIsTrimmedAndComposed(string raw, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(raw, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
        Assert.True(EmailAddress.TryNormalize(normalized, out var again, out _));
        Assert.Equal(normalized, again);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("a@b@example.com")]
    [InlineData("\"a\u0001b\"@example.com")]
    [InlineData("ada\u0085@example.com")]
    public void AnInvalidAddressIsRefusedWithAReason(string raw)
    {
        Assert.False(EmailAddress.TryNormalize(raw, out var normalized, out var error));
        Assert.Null(normalized);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void AnAddressLongerThanTheLimitIsRefused() =>
        Assert.False(EmailAddress.TryNormalize(new string('a', EmailAddress.MaxLength) + "@example.com", out _, out _));

    // Built here, not in [InlineData]: test discovery would turn the lone surrogate into U+FFFD.
    [Fact]
    public void AnAddressWithALoneSurrogateIsRefused() =>
        Assert.False(EmailAddress.TryNormalize("ada" + '\uD800' + "@example.com", out _, out _));
}
