using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using KeyKeeper.Grains.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// Users whose grain is the smallest a real user's is (an account, no keys), by the million. The
/// API's sign-up hashes a password with PBKDF2 (tens of milliseconds of a core), so one user is
/// signed up through it and its grain_state row is copied under generated names with COPY: the
/// same state but the name, the hashes Orleans' storage reads by, and a header without the
/// template's sign-up audit record, so the table's trigger gives each copy what a write of that
/// state gives (its user_key_encryption row) and repeats no audit record.
/// </summary>
public sealed class EmptyUserSeeder
{
    /// <summary>The state name of UserKeysGrain, which the storage keeps in grain_type.</summary>
    private const string StateName = "user-keys";

    /// <summary>One COPY (and one commit) per this many rows: large enough that commits cost nothing, small enough to show progress.</summary>
    private const int RowsPerCopy = 50_000;

    private const int MaxUsers = 10_000_000;

    private const string CopyCommand = """
        COPY grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_string, grain_id_hash, grain_type_hash, payload, version)
        FROM STDIN (FORMAT BINARY)
        """;

    private readonly NpgsqlDataSource _db;
    private readonly TemplateRow _template;
    private readonly byte[] _payload;
    private readonly int[] _nameOffsets;

    private EmptyUserSeeder(NpgsqlDataSource db, TemplateRow template, byte[] payload, int[] nameOffsets)
    {
        _db = db;
        _template = template;
        _payload = payload;
        _nameOffsets = nameOffsets;
    }

    /// <summary>Seeded users' names, all of one length (so one payload serves as a template); index 0 is the template user.</summary>
    public static string NameOf(int i) =>
        i is >= 0 and < MaxUsers ? $"bench-idle-{i:D7}" : throw new ArgumentOutOfRangeException(nameof(i), i, $"At most {MaxUsers:N0} users are seeded.");

    /// <summary>The payload's size in bytes, the same for every seeded user.</summary>
    public int PayloadBytes => _payload.Length;

    /// <summary>Signs up the template user through the API and reads back the row Orleans wrote for it.</summary>
    public static async Task<EmptyUserSeeder> PrepareAsync(HttpClient http, NpgsqlDataSource db, CancellationToken cancellation)
    {
        var name = NameOf(0);
        // Nobody logs in as a seeded user: the password only has to pass the sign-up's rules.
        using var signUp = await http.PostAsJsonAsync("/api/account/signup", new { username = name, password = "empty benchmark user 0123456789" }, cancellation);
        if (signUp.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Signing up {name} answered {(int)signUp.StatusCode}: {await signUp.Content.ReadAsStringAsync(cancellation)}");
        }

        var template = await TemplateRow.ReadAsync(db, UserKeysGrainKey.For(name), cancellation);
        CheckHashes(template);
        var (payload, nameOffsets) = PayloadWithoutAudit(template.Payload, name);
        return new EmptyUserSeeder(db, template, payload, nameOffsets);
    }

    /// <summary>Inserts the rows of users <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1.</summary>
    public async Task SeedAsync(int first, int count, Action<int> progress, CancellationToken cancellation)
    {
        for (var batchStart = first; batchStart < first + count; batchStart += RowsPerCopy)
        {
            var batchEnd = Math.Min(first + count, batchStart + RowsPerCopy);
            await using var connection = await _db.OpenConnectionAsync(cancellation);
            await using (var import = await connection.BeginBinaryImportAsync(CopyCommand, cancellation))
            {
                for (var i = batchStart; i < batchEnd; i++)
                {
                    var grainKey = UserKeysGrainKey.For(NameOf(i));
                    await import.StartRowAsync(cancellation);
                    await import.WriteAsync(_template.ServiceId, NpgsqlDbType.Varchar, cancellation);
                    await import.WriteAsync(StateName, NpgsqlDbType.Varchar, cancellation);
                    await import.WriteAsync(_template.GrainIdN0, NpgsqlDbType.Bigint, cancellation);
                    await import.WriteAsync(_template.GrainIdN1, NpgsqlDbType.Bigint, cancellation);
                    await import.WriteAsync(grainKey, NpgsqlDbType.Varchar, cancellation);
                    await import.WriteAsync(GrainStorageHashes.OfStringKey(grainKey), NpgsqlDbType.Integer, cancellation);
                    await import.WriteAsync(_template.GrainTypeHash, NpgsqlDbType.Integer, cancellation);
                    await import.WriteAsync(PayloadOf(NameOf(i)), NpgsqlDbType.Bytea, cancellation);
                    await import.WriteAsync(_template.Version, NpgsqlDbType.Integer, cancellation);
                }

                await import.CompleteAsync(cancellation);
            }

            progress(batchEnd - first);
        }
    }

    /// <summary>
    /// Vacuums and analyzes the tables the seed grew and writes a checkpoint, so that neither
    /// autovacuum nor a checkpoint lands in the measured runs that follow.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellation)
    {
        foreach (var sql in new[] { "VACUUM (ANALYZE) grain_state", "VACUUM (ANALYZE) user_key_encryption", "CHECKPOINT" })
        {
            await using var command = _db.CreateCommand(sql);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellation);
        }
    }

    /// <summary>Fails unless the hashes computed for the template equal those Orleans wrote: rows with other ones would never be read.</summary>
    private static void CheckHashes(TemplateRow template)
    {
        var grainIdHash = GrainStorageHashes.OfStringKey(template.GrainKey);
        var grainTypeHash = GrainStorageHashes.OfStateName(StateName);
        if (grainIdHash != template.GrainIdHash || grainTypeHash != template.GrainTypeHash)
        {
            throw new InvalidOperationException(
                $"Orleans stored {template.GrainKey} with grain_id_hash {template.GrainIdHash} and grain_type_hash {template.GrainTypeHash}, but " +
                $"GrainStorageHashes computes {grainIdHash} and {grainTypeHash}: the ADO.NET storage hashes differently now, and seeded rows would not be found.");
        }
    }

    /// <summary>
    /// The template's payload with an empty audit list in its header, and where the state line
    /// spells the user's name (as a JSON string), to be overwritten per user.
    /// </summary>
    private static (byte[] Payload, int[] NameOffsets) PayloadWithoutAudit(byte[] stored, string name)
    {
        var lineBreak = Array.IndexOf(stored, (byte)'\n');
        if (lineBreak < 0)
        {
            throw new InvalidOperationException("The template user's row has no header line.");
        }

        var header = JsonNode.Parse(stored.AsSpan(0, lineBreak))!.AsObject();
        header["audit"] = new JsonArray();
        var payload = Encoding.UTF8.GetBytes(header.ToJsonString() + "\n").Concat(stored[(lineBreak + 1)..]).ToArray();

        var quotedName = Encoding.UTF8.GetBytes($"\"{name}\"");
        var offsets = new List<int>();
        for (int at = 0, found; (found = payload.AsSpan(at).IndexOf(quotedName)) >= 0; at += found + quotedName.Length)
        {
            offsets.Add(at + found + 1);
        }

        return offsets.Count > 0
            ? (payload, offsets.ToArray())
            : throw new InvalidOperationException($"The template user's state does not spell its name '{name}'; see UserAccount.");
    }

    private byte[] PayloadOf(string name)
    {
        var payload = (byte[])_payload.Clone();
        foreach (var offset in _nameOffsets)
        {
            Encoding.UTF8.GetBytes(name, payload.AsSpan(offset));
        }

        return payload;
    }

    private sealed record TemplateRow(
        string ServiceId, string GrainKey, long GrainIdN0, long GrainIdN1, int GrainIdHash, int GrainTypeHash, byte[] Payload, int Version)
    {
        public static async Task<TemplateRow> ReadAsync(NpgsqlDataSource db, string grainKey, CancellationToken cancellation)
        {
            await using var command = db.CreateCommand("""
                SELECT service_id, grain_id_n0, grain_id_n1, grain_id_hash, grain_type_hash, payload, version
                FROM grain_state WHERE grain_type = $1 AND grain_id_string = $2 AND payload IS NOT NULL
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = StateName });
            command.Parameters.Add(new NpgsqlParameter { Value = grainKey });
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            if (!await reader.ReadAsync(cancellation))
            {
                throw new InvalidOperationException($"Signing up {grainKey} wrote no grain_state row.");
            }

            return new TemplateRow(reader.GetString(0), grainKey, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetFieldValue<byte[]>(5), reader.GetInt32(6));
        }
    }
}
