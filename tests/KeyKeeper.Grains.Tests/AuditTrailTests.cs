using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Storage;
using KeyKeeper.Silo.Users;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace KeyKeeper.Grains.Tests;

/// <summary>
/// The audit contract between the silo and the database: the events in a state row's header, as
/// the silo's own serializer writes them, become <c>audit_event</c> rows through the trigger of
/// migration 0008, field for field.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditTrailTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EveryActionIsWrittenThroughTheSerializerAndReadBackFromTheTable()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var serializer = fixture.SiloServices.GetRequiredService<UserKeysStateSerializer>();
        await using var database = NpgsqlDataSource.Create(fixture.ConnectionString);
        // Microseconds, as timestamptz keeps them, and an offset other than UTC's.
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_560);
        var written = new List<AuditEvent>();

        foreach (var (action, i) in AuditAction.All.Select((action, i) => (action, i)))
        {
            // Every field set, and every optional field empty, in the same row.
            var full = new AuditEvent(Guid.NewGuid(), $"provider-{i}", action, i + 1, at.AddMinutes(i), $"session-{i}", $"198.51.100.{i}", $"app-token-{i}");
            var bare = new AuditEvent(Guid.NewGuid(), null, action, null, at.AddMinutes(i).AddSeconds(30), null, null, null);
            await WriteRowAsync(database, serializer, user.Name, [full, bare]);
            written.AddRange([full, bare]);
        }

        foreach (var expected in written)
        {
            var stored = await ReadEventAsync(database, expected.Id);
            Assert.Equal((fixture.ServiceId, user.Name), (stored.ServiceId, stored.UserName));
            Assert.Equal(expected with { At = expected.At.ToUniversalTime() }, stored.Event);
        }

        // The trail reads the same rows back, through the grain.
        var page = await user.GetAuditAsync(limit: AuditQuery.MaxLimit);
        foreach (var expected in written)
        {
            Assert.Contains(new AuditEntry(0, expected.Provider, expected.Action, expected.Version, expected.At, expected.SessionId, expected.ClientAddress, expected.AppTokenId),
                page.Items.Select(entry => entry with { Id = 0 }));
        }
    }

    /// <summary>Writes the user's stored state back unchanged but for the events in its header, as the grain would.</summary>
    private static async Task WriteRowAsync(NpgsqlDataSource database, UserKeysStateSerializer serializer, string userName, IReadOnlyList<AuditEvent> events)
    {
        await using var read = database.CreateCommand(
            $"SELECT payload FROM grain_state WHERE grain_type = '{UserKeysGrain.StateName}' AND grain_id_string = $1");
        read.Parameters.Add(new() { Value = UserKeysGrainKey.For(userName) });
        var payload = (byte[])(await read.ExecuteScalarAsync())!;
        var state = serializer.Deserialize<UserKeysState>(new BinaryData(payload))!;
        state.PendingAudit = events;

        await using var write = database.CreateCommand(
            $"UPDATE grain_state SET payload = $1, version = version + 1 WHERE grain_type = '{UserKeysGrain.StateName}' AND grain_id_string = $2");
        write.Parameters.Add(new() { Value = serializer.Serialize(state).ToArray() });
        write.Parameters.Add(new() { Value = UserKeysGrainKey.For(userName) });
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }

    private static async Task<(string ServiceId, string UserName, AuditEvent Event)> ReadEventAsync(NpgsqlDataSource database, Guid id)
    {
        await using var command = database.CreateCommand("""
            SELECT service_id, user_name, provider, action, key_version, occurred_at, session_id, client_address, app_token_id
            FROM audit_event WHERE record_id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No audit_event row for {id}.");
        var row = (reader.GetString(0), reader.GetString(1), new AuditEvent(
            id,
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt32(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8)));
        Assert.False(await reader.ReadAsync(), $"More than one audit_event row for {id}.");
        return row;
    }
}
