using System.Runtime.CompilerServices;

namespace KeyKeeper.Grains.Abstractions;

/// <summary>Orleans reads a string key of only hex digits as an integer, so without the prefix "ada" and "0ada" would be one account.</summary>
public static class UserKeysGrainKey
{
    public const string Prefix = "user/";

    // GetGrain<T>(string) resolves the grain type by reflection on every call; once per factory, a reference is just an id.
    private static readonly ConditionalWeakTable<IGrainFactory, ResolvedTypes> TypesByFactory = [];

    public static string For(string normalizedUserName) => Prefix + normalizedUserName;

    public static string UserNameOf(string grainKey) =>
        grainKey.StartsWith(Prefix, StringComparison.Ordinal)
            ? grainKey[Prefix.Length..]
            : throw new ArgumentException($"'{grainKey}' is not a user grain key.", nameof(grainKey));

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
