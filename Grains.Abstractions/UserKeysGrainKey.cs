namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// The grain key of a user is <c>user/</c> + the normalized username. Orleans reads a string key
/// made only of hex digits as an integer key, so without the prefix "ada" and "0ada" would share
/// one stored row — one account.
/// </summary>
public static class UserKeysGrainKey
{
    public const string Prefix = "user/";

    public static string For(string normalizedUserName) => Prefix + normalizedUserName;

    /// <summary>The normalized username a grain key stands for.</summary>
    public static string UserNameOf(string grainKey) =>
        grainKey.StartsWith(Prefix, StringComparison.Ordinal)
            ? grainKey[Prefix.Length..]
            : throw new ArgumentException($"'{grainKey}' is not a user grain key.", nameof(grainKey));

    /// <summary>The grain of a user, by normalized username.</summary>
    public static IUserKeysGrain GetUserKeysGrain(this IGrainFactory grains, string normalizedUserName) =>
        grains.GetGrain<IUserKeysGrain>(For(normalizedUserName));
}
