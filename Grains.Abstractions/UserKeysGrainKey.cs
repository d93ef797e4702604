using System.Runtime.CompilerServices;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>
/// The grain key of a user is <c>user/</c> + the normalized username. Orleans reads a string key
/// made only of hex digits as an integer key, so without the prefix "ada" and "0ada" would share
/// one stored row — one account.
/// </summary>
public static class UserKeysGrainKey
{
    public const string Prefix = "user/";

    // GetGrain<T>(string) resolves the interface's grain type by reflection on every call (a few
    // microseconds and kilobytes per request); resolved once per factory, a reference is just an id.
    private static readonly ConditionalWeakTable<IGrainFactory, ResolvedTypes> TypesByFactory = [];

    public static string For(string normalizedUserName) => Prefix + normalizedUserName;

    /// <summary>The normalized username a grain key stands for.</summary>
    public static string UserNameOf(string grainKey) =>
        grainKey.StartsWith(Prefix, StringComparison.Ordinal)
            ? grainKey[Prefix.Length..]
            : throw new ArgumentException($"'{grainKey}' is not a user grain key.", nameof(grainKey));

    /// <summary>The grain of a user, by normalized username.</summary>
    public static IUserKeysGrain GetUserKeysGrain(this IGrainFactory grains, string normalizedUserName)
    {
        var types = TypesByFactory.GetValue(grains, ResolvedTypes.Of);
        return (IUserKeysGrain)grains.GetGrain(GrainId.Create(types.GrainType, For(normalizedUserName)), types.InterfaceType);
    }

    private sealed record ResolvedTypes(GrainType GrainType, GrainInterfaceType InterfaceType)
    {
        public static ResolvedTypes Of(IGrainFactory grains)
        {
            var sample = (GrainReference)grains.GetGrain<IUserKeysGrain>(For("-"));
            return new ResolvedTypes(sample.GrainId.Type, sample.InterfaceType);
        }
    }
}
