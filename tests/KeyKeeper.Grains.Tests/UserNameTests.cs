using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

public sealed class UserNameTests
{
    private const string Composed = "Zo\u00EB.M\u00FCller";
    private const string Decomposed = "Zoe\u0308.Mu\u0308ller";

    [Fact]
    public void ComposedAndDecomposedSpellingsAreOneNameAndOneGrainKey()
    {
        var composed = Normalize(Composed);
        var decomposed = Normalize(Decomposed);

        Assert.Equal("zo\u00EB.m\u00FCller", composed);
        Assert.Equal(composed, decomposed);
        Assert.Equal(UserKeysGrainKey.For(composed), UserKeysGrainKey.For(decomposed));
    }

    [Theory]
    [InlineData("ZO\u00CB", "zo\u00EB")]
    [InlineData("ZOE\u0308", "zo\u00EB")]
    [InlineData("  Zo\u00EB  ", "zo\u00EB")]
    [InlineData("\u212Bngstr\u00F6m", "\u00E5ngstr\u00F6m")]
    public void CaseAndCanonicalSpellingDoNotMatter(string raw, string expected) =>
        Assert.Equal(expected, Normalize(raw));

    // The issue chose NFC, not NFKC: compatibility characters are not folded into their ASCII
    // look-alikes, so these are different accounts (a fullwidth "zoe" is not "zoe").
    [Theory]
    [InlineData("\uFF5A\uFF4F\uFF45", "zoe")]
    [InlineData("\uFB01le", "file")]
    [InlineData("\u01C4emal", "d\u017Eemal")]
    public void CompatibilityCharactersStayDistinctFromTheirLookAlikes(string compatibility, string lookAlike)
    {
        var normalized = Normalize(compatibility);

        Assert.NotEqual(Normalize(lookAlike), normalized);
        Assert.Equal(normalized, normalized.Normalize(System.Text.NormalizationForm.FormC));
    }

    [Theory]
    [InlineData(Composed)]
    [InlineData(Decomposed)]
    [InlineData("\u212Bngstr\u00F6m")]
    [InlineData("\u2126mega")]
    [InlineData("\u03A3\u038A\u03A3\u03A5\u03A6\u039F\u03A3")]
    [InlineData("\uFF3A\uFF2F\uFF25")]
    [InlineData("\u01C4emal")]
    [InlineData("\uFB01le")]
    public void NormalizingANormalizedNameChangesNothing(string raw)
    {
        var once = Normalize(raw);

        Assert.Equal(once, Normalize(once));
        Assert.True(once.IsNormalized(System.Text.NormalizationForm.FormC));
    }

    [Theory]
    [InlineData(Composed)]
    [InlineData("\uFF5A\uFF4F\uFF45")]
    [InlineData("ada")]
    public void AnAccessTokenCarriesTheNormalizedNameThereAndBack(string raw)
    {
        var name = Normalize(raw);
        var (token, secret) = AccessToken.Create(name, ClusterFixture.TokenKey);

        Assert.True(AccessToken.TryParse(token, ClusterFixture.TokenKey, out var parsedName, out var parsedSecret));
        Assert.Equal(name, parsedName);
        Assert.Equal(secret, parsedSecret);
    }

    [Fact]
    public void AnAccessTokenForANameThatIsNotNormalizedIsRefused()
    {
        var (token, _) = AccessToken.Create("zoe\u0308", ClusterFixture.TokenKey);

        Assert.False(AccessToken.TryParse(token, ClusterFixture.TokenKey, out _, out _));
    }

    private static string Normalize(string raw)
    {
        Assert.True(UserName.TryNormalize(raw, out var normalized, out var error), error);
        return normalized;
    }
}
