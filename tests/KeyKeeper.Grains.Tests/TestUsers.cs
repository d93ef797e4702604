using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Testing;

namespace KeyKeeper.Grains.Tests;

/// <summary>A fresh user per test, so tests never depend on each other's data or order.</summary>
public static class TestUsers
{
    public const string Password = "plum velvet harbor 42";

    /// <summary>The password asked again for a change that mints lasting access (no 2FA).</summary>
    public static readonly Reauthentication Proof = new(Password, null);

    /// <summary>The address every test login and session call comes from.</summary>
    public const string ClientAddress = "203.0.113.7";

    /// <summary>Signs a new user up and logs them in.</summary>
    public static async Task<SignedInUser> SignUpAsync(IGrainFactory grains)
    {
        var name = $"user-{Guid.NewGuid():N}";
        var grain = grains.GetUserKeysGrain(name);
        await grain.SignUpAsync(Password, $"{name}@example.com");
        var issued = await grain.LoginAsync(Password);
        Assert.True(AccessToken.TryParse(issued.Token, ClusterFixture.TokenKey, out _, out var secret));
        return new SignedInUser(name, grain, secret);
    }

    /// <summary>A plausible fake OpenAI key, unique per call, long enough to be partly shown when masked.</summary>
    public static string NewKeyValue() => TestKeyValues.New();

    /// <summary>A fake key of the shape the provider's keys have, unique per call (registered with the log-leak detector).</summary>
    public static string NewKeyValue(string provider) => TestKeyValues.New(provider);
}

/// <summary>Every refusal of a user's grain is a <see cref="KeyKeeperException"/>; these say which.</summary>
public static class Refusals
{
    /// <summary>Asserts that the call is refused with <paramref name="code"/>; returns the refusal for further checks.</summary>
    public static async Task<KeyKeeperException> AssertFails(FailureCode code, Func<Task> call)
    {
        var refusal = await Assert.ThrowsAsync<KeyKeeperException>(call);
        Assert.True(refusal.Code == code, $"Expected {code}, got {refusal.Code}: {refusal.Message}");
        return refusal;
    }

    /// <summary>Asserts that the call is refused as <see cref="FailureCode.InvalidInput"/> of <paramref name="field"/>.</summary>
    public static async Task<KeyKeeperException> AssertInvalid(string field, Func<Task> call)
    {
        var refusal = await AssertFails(FailureCode.InvalidInput, call);
        Assert.Equal(field, refusal.Field);
        return refusal;
    }
}

/// <summary>How a login was refused: the one answer <see cref="FailureCode.LoginFailed"/> covers three cases.</summary>
public enum LoginRefusal
{
    /// <summary>The username or password is wrong.</summary>
    WrongPassword,

    /// <summary>The password is right and the account has 2FA: a code is needed (not counted as a failure).</summary>
    CodeNeeded,

    /// <summary>The password is right but the code is wrong, expired or used.</summary>
    WrongCode,
}

public static class LoginExtensions
{
    /// <summary>Logs in from the tests' address; a refusal throws.</summary>
    public static Task<IssuedToken> LoginAsync(this IUserKeysGrain grain, string password, string? code = null) =>
        grain.LoginAsync(new LoginAttempt(password, code, TestUsers.ClientAddress));

    /// <summary>
    /// Asserts that the login is refused as <see cref="FailureCode.LoginFailed"/>, and says how. A
    /// missing code and a wrong one both set <see cref="KeyKeeperException.TwoFactorRequired"/>;
    /// only the message tells them apart.
    /// </summary>
    public static async Task<LoginRefusal> AssertLoginFails(this IUserKeysGrain grain, string password, string? code = null)
    {
        var refusal = await Refusals.AssertFails(FailureCode.LoginFailed, () => grain.LoginAsync(password, code));
        if (!refusal.TwoFactorRequired)
        {
            return LoginRefusal.WrongPassword;
        }

        return refusal.Message.Contains("code is wrong", StringComparison.Ordinal) ? LoginRefusal.WrongCode : LoginRefusal.CodeNeeded;
    }
}

/// <summary>A user's grain together with live credentials, so tests read like the API's calls.</summary>
public sealed record SignedInUser(string Name, IUserKeysGrain Grain, string TokenSecret)
{
    public CallerCredentials Credentials => new(TokenSecret, TestUsers.ClientAddress);

    /// <summary>The same user through another client (after a cluster restart).</summary>
    public SignedInUser On(IGrainFactory grains) => this with { Grain = grains.GetUserKeysGrain(Name) };

    public Task<IReadOnlyList<KeyEntry>> ListKeysAsync() => Grain.ListKeysAsync(Credentials);

    public Task<KeyEntry> GetKeyAsync(string provider) => Grain.GetKeyAsync(Credentials, provider);

    public Task<KeyEntry> SaveKeyAsync(string provider, string value, VersionPrecondition? ifMatch = null)
    {
        // Values written inline in a test are checked against the logs as well.
        LogLeakDetector.Shared.RegisterValue(value);
        return Grain.SaveKeyAsync(Credentials, provider, value, ifMatch);
    }

    public Task DeleteKeyAsync(string provider, VersionPrecondition? ifMatch = null, bool purge = false) =>
        Grain.DeleteKeyAsync(Credentials, provider, ifMatch, purge);

    public Task<KeyEntry> UndeleteKeyAsync(string provider) => Grain.UndeleteKeyAsync(Credentials, provider);

    public Task<IReadOnlyList<KeyVersionInfo>> ListVersionsAsync(string provider) => Grain.ListVersionsAsync(Credentials, provider);

    public Task<KeyEntry> RestoreVersionAsync(string provider, int version, VersionPrecondition? ifMatch = null) =>
        Grain.RestoreVersionAsync(Credentials, provider, version, ifMatch);

    public Task<string> RevealKeyAsync(string provider) => Grain.RevealKeyAsync(Credentials, provider);

    public Task<AuditPage> GetAuditAsync(string? provider = null, int limit = AuditQuery.DefaultLimit, long? before = null) =>
        Grain.GetAuditAsync(Credentials, new AuditQuery(provider, null, null, limit, before));
}
