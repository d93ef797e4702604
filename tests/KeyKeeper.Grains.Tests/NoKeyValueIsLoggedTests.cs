using KeyKeeper.Testing;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// Every silo's logs are checked against every saved value as they arrive (and again when the
/// fixture is disposed); this test drives the grain paths that handle values and checks now.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NoKeyValueIsLoggedTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SavingRevealingAndReloadingLeaveNoKeyValueInAnyLogLine()
    {
        var detector = LogLeakDetector.Shared;
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        foreach (var provider in new[] { "openai", "anthropic", "google", "groq" })
        {
            var value = TestUsers.NewKeyValue(provider);
            await user.SaveKeyAsync(provider, value);
            Assert.Equal(value, await user.RevealKeyAsync(provider));
        }

        await AssertInvalid("value", () => user.SaveKeyAsync("anthropic", TestUsers.NewKeyValue("openai")));
        await fixture.DeactivateAllAsync();
        Assert.Equal(4, (await user.ListKeysAsync()).Count);

        Assert.Empty(detector.Violations);
        Assert.True(detector.ValueCount >= 5, $"only {detector.ValueCount} values registered");
        // Not vacuous: the grain's own log lines (the sign-up) reached the detector.
        Assert.Contains(detector.Lines, line => line.Contains($"User {user.Name} signed up", StringComparison.Ordinal));
        Assert.True(detector.LineCount >= 10, $"only {detector.LineCount} lines logged");
    }
}
