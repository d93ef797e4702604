using System.Text;
using Orleans.Storage;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// The grain_id_hash and grain_type_hash that Orleans' ADO.NET grain storage writes, and filters
/// its read on, for a grain with a string key: rows put into grain_state by hand must carry them
/// or the grain reads no state. The hasher is the storage's default one, <see cref="OrleansDefaultHasher"/>
/// (KeyKeeper sets no other); which bytes it hashes is the storage's internal business
/// (AdoGrainKey.GetHashBytes in Orleans 10), so <see cref="EmptyUserSeeder"/> checks both values
/// against a row the storage wrote itself before it seeds any.
/// </summary>
public static class GrainStorageHashes
{
    private static readonly OrleansDefaultHasher Hasher = new();

    /// <summary>A string key's UTF-8 bytes, reversed on a little-endian machine, as the storage orders them.</summary>
    public static int OfStringKey(string grainKey)
    {
        var bytes = Encoding.UTF8.GetBytes(grainKey);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return Hasher.Hash(bytes);
    }

    /// <summary>The storage is handed the state name as the grain type, and hashes its UTF-8 bytes as they are.</summary>
    public static int OfStateName(string stateName) => Hasher.Hash(Encoding.UTF8.GetBytes(stateName));
}
