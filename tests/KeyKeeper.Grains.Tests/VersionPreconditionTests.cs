using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

public sealed class VersionPreconditionTests
{
    [Theory]
    [InlineData("\"3\"", new[] { 3 })]
    [InlineData(" \"3\" , \"5\" ", new[] { 3, 5 })]
    [InlineData("\"0-stale\"", new int[0])]
    [InlineData("W/\"1\"", new int[0])]
    [InlineData("W/\"1\", \"2\"", new[] { 2 })]
    [InlineData("\"\"", new int[0])]
    [InlineData("\"a,b\", \"7\"", new[] { 7 })]
    [InlineData("\"01\", \"+1\"", new int[0])]
    [InlineData("\"99999999999\"", new int[0])]
    [InlineData("\"4\",,\"6\",", new[] { 4, 6 })]
    public void EveryValidEntityTagListParsesAndOnlyOurStrongVersionsCanMatch(string header, int[] versions)
    {
        Assert.True(VersionPrecondition.TryParse(header, out var precondition));

        Assert.False(precondition.AnyVersion);
        Assert.Equal(versions, precondition.Versions);
    }

    [Fact]
    public void AStarMatchesAnyCurrentVersion()
    {
        Assert.True(VersionPrecondition.TryParse(" * ", out var precondition));

        Assert.True(precondition.IsMetBy(4));
        Assert.False(precondition.IsMetBy(null));
    }

    [Theory]
    [InlineData("0-stale")]
    [InlineData("3")]
    [InlineData("\"3")]
    [InlineData("\"3\"\"")]
    [InlineData("\"3\" \"4\"")]
    [InlineData("w/\"3\"")]
    [InlineData("W/3")]
    [InlineData("\"a b\"")]
    [InlineData("\"a\\\"b\"")]
    [InlineData("*, \"3\"")]
    [InlineData(",")]
    [InlineData("")]
    public void AMalformedHeaderIsRefused(string header) =>
        Assert.False(VersionPrecondition.TryParse(header, out _));
}
