using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Testing;

namespace KeyKeeper.Grains.Tests;

/// <summary>A fresh user per test, so tests never depend on each other's data or order.</summary>
public static class TestUsers
{
    public const string Password = "plum velvet harbor 42";

    /// <summary>Signs a new user up and logs them in.</summary>
    public static async Task<SignedInUser> SignUpAsync(IGrainFactory grains)
    {
        var name = $"user-{Guid.NewGuid():N}";
        var grain = grains.GetUserKeysGrain(name);
        Assert.True(await grain.SignUpAsync(Password, $"{name}@example.com"));
        var issued = await grain.TryLoginAsync(Password);
        Assert.NotNull(issued);
        Assert.True(AccessToken.TryParse(issued.Token, out _, out var secret));
        return new SignedInUser(name, grain, secret);
    }

    /// <summary>A plausible fake OpenAI key, unique per call, long enough to be partly shown when masked.</summary>
    public static string NewKeyValue() => TestKeyValues.New();

    /// <summary>A fake key of the shape the provider's keys have, unique per call (registered with the log-leak detector).</summary>
    public static string NewKeyValue(string provider) => TestKeyValues.New(provider);
}

public static class LoginExtensions
{
    /// <summary>Logs in; the token, or null when the login did not succeed (wrong password, or a code needed).</summary>
    public static async Task<IssuedToken?> TryLoginAsync(this IUserKeysGrain grain, string password, string? code = null) =>
        (await grain.LoginAsync(new LoginAttempt(password, code, "203.0.113.7"))).Token;
}

/// <summary>A user's grain together with live credentials, so tests read like the API's calls.</summary>
public sealed record SignedInUser(string Name, IUserKeysGrain Grain, string TokenSecret)
{
    public CallerCredentials Credentials => new(TokenSecret, "203.0.113.7");

    /// <summary>The same user through another client (after a cluster restart).</summary>
    public SignedInUser On(IGrainFactory grains) => this with { Grain = grains.GetUserKeysGrain(Name) };

    public Task<IReadOnlyList<KeyEntry>> ListKeysAsync() => Grain.ListKeysAsync(Credentials);

    public Task<KeyEntry?> GetKeyAsync(string provider) => Grain.GetKeyAsync(Credentials, provider);

    public Task<KeyEntry> SaveKeyAsync(string provider, string value, VersionPrecondition? ifMatch = null)
    {
        // Values written inline in a test are checked against the logs as well.
        LogLeakDetector.Shared.RegisterValue(value);
        return Grain.SaveKeyAsync(Credentials, provider, value, ifMatch);
    }

    public Task<bool> DeleteKeyAsync(string provider, VersionPrecondition? ifMatch = null, bool purge = false) =>
        Grain.DeleteKeyAsync(Credentials, provider, ifMatch, purge);

    public Task<KeyEntry?> UndeleteKeyAsync(string provider) => Grain.UndeleteKeyAsync(Credentials, provider);

    public Task<IReadOnlyList<KeyVersionInfo>?> ListVersionsAsync(string provider) => Grain.ListVersionsAsync(Credentials, provider);

    public Task<KeyEntry?> RestoreVersionAsync(string provider, int version, VersionPrecondition? ifMatch = null) =>
        Grain.RestoreVersionAsync(Credentials, provider, version, ifMatch);

    public Task<RevealedKey> RevealKeyAsync(string provider) => Grain.RevealKeyAsync(Credentials, provider);

    public Task<AuditPage> GetAuditAsync(string? provider = null, int limit = AuditQuery.DefaultLimit, long? before = null) =>
        Grain.GetAuditAsync(Credentials, new AuditQuery(provider, null, null, limit, before));
}
