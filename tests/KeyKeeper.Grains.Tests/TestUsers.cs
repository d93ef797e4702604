using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Grains.Tests;

/// <summary>A fresh user per test, so tests never depend on each other's data or order.</summary>
public static class TestUsers
{
    public const string Password = "correct horse battery staple";

    /// <summary>Signs a new user up and logs them in.</summary>
    public static async Task<SignedInUser> SignUpAsync(IGrainFactory grains)
    {
        var name = $"user-{Guid.NewGuid():N}";
        var grain = grains.GetUserKeysGrain(name);
        Assert.True(await grain.SignUpAsync(Password, $"{name}@example.com"));
        var issued = await grain.LoginAsync(Password);
        Assert.NotNull(issued);
        Assert.True(AccessToken.TryParse(issued.Token, out _, out var secret));
        return new SignedInUser(name, grain, secret);
    }

    /// <summary>A plausible fake API key, unique per call, long enough to be partly shown when masked.</summary>
    public static string NewKeyValue(string prefix = "sk-test-") => prefix + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")[..8];
}

/// <summary>A user's grain together with a live token secret, so tests read like the API's calls.</summary>
public sealed record SignedInUser(string Name, IUserKeysGrain Grain, string TokenSecret)
{
    /// <summary>The same user through another client (after a cluster restart).</summary>
    public SignedInUser On(IGrainFactory grains) => this with { Grain = grains.GetUserKeysGrain(Name) };

    public Task<IReadOnlyList<KeyEntry>> ListKeysAsync() => Grain.ListKeysAsync(TokenSecret);

    public Task<KeyEntry> SaveKeyAsync(string provider, string value) => Grain.SaveKeyAsync(TokenSecret, provider, value);

    public Task<bool> DeleteKeyAsync(string provider) => Grain.DeleteKeyAsync(TokenSecret, provider);

    public Task<RevealedKey> RevealKeyAsync(string provider) => Grain.RevealKeyAsync(TokenSecret, provider);
}
