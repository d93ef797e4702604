using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

/// <summary>A fresh user per test, so tests never depend on each other's data or order.</summary>
public static class TestUsers
{
    public const string Password = "correct horse battery staple";

    public static async Task<(string Name, IUserKeysGrain Grain)> SignUpAsync(IGrainFactory grains)
    {
        var name = $"user-{Guid.NewGuid():N}";
        var grain = grains.GetUserKeysGrain(name);
        Assert.True(await grain.SignUpAsync(Password, $"{name}@example.com"));
        return (name, grain);
    }

    /// <summary>A plausible fake API key, unique per call, long enough to be partly shown when masked.</summary>
    public static string NewKeyValue(string prefix = "sk-test-") => prefix + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..8];
}
