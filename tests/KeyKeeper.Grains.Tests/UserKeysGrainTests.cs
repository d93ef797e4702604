using System.Text.Json.Nodes;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Users;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class UserKeysGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SavedKeyIsInTheDatabaseRowWhenTheCallReturns()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue();

        await user.SaveKeyAsync("openai", value);

        var state = await ReadStoredStateAsync(user.Name);
        var version = Assert.Single(state["Providers"]!["openai"]!["Versions"]!.AsArray())!;
        Assert.Equal(1, version["Number"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(version["Sealed"]!.GetValue<string>()));
        Assert.Equal(ClusterFixture.KeyId, state["DataKey"]!["KeyId"]!.GetValue<string>());
        Assert.DoesNotContain(value, state.ToJsonString());
        Assert.DoesNotContain(value[^12..], state.ToJsonString());
    }

    [Fact]
    public async Task SavedKeyIsReReadAfterDeactivation()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue("anthropic");
        var saved = await user.SaveKeyAsync("anthropic", value);

        await fixture.DeactivateAllAsync();

        var listed = Assert.Single(await user.ListKeysAsync());
        Assert.Equal(saved, listed);
        Assert.Equal(value, await user.RevealKeyAsync("anthropic"));
    }

    [Fact]
    public async Task SavedKeySurvivesAFullClusterRestart()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue("groq");
        var saved = await user.SaveKeyAsync("groq", value);

        await fixture.RestartClusterAsync();

        var reloaded = user.On(fixture.Grains);
        Assert.Equal(saved, Assert.Single(await reloaded.ListKeysAsync()));
        Assert.Equal(value, await reloaded.RevealKeyAsync("groq"));
    }

    [Fact]
    public async Task ConcurrentSavesOfAsManyProvidersAsTheCapAllowsAllSurvive()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var cap = new KeyLifecycleOptions().MaxProviders;
        var values = Enumerable.Range(0, cap).ToDictionary(i => $"provider-{i:D3}", _ => TestUsers.NewKeyValue());

        await Task.WhenAll(values.Select(pair => user.SaveKeyAsync(pair.Key, pair.Value)));
        await fixture.DeactivateAllAsync();

        var listed = await user.ListKeysAsync();
        Assert.Equal(values.Keys.Order(StringComparer.Ordinal), listed.Select(entry => entry.Provider));
        foreach (var (provider, value) in values)
        {
            Assert.Equal(value, await user.RevealKeyAsync(provider));
        }

        Assert.Equal(cap, (await ReadStoredStateAsync(user.Name))["Providers"]!.AsObject().Count);
    }

    [Fact]
    public async Task SavingTheSameValueAgainChangesNothing()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue();
        var first = await user.SaveKeyAsync("openai", value);
        var versionBefore = await ReadVersionAsync(user.Name);

        var again = await user.SaveKeyAsync("openai", "  " + value + "\t");

        Assert.Equal(first, again);
        Assert.Equal(versionBefore, await ReadVersionAsync(user.Name));
    }

    [Fact]
    public async Task ListShowsOnlyTheMaskedFormOfEachKey()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("openai", "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789-wxyz");
        await user.SaveKeyAsync("short", "tiny-secret");

        var entries = await user.ListKeysAsync();

        Assert.Equal("sk-proj-" + KeyMask.MaskCharacters + "wxyz", entries.Single(e => e.Provider == "openai").Masked);
        Assert.Equal(KeyMask.MaskCharacters + KeyMask.MaskCharacters, entries.Single(e => e.Provider == "short").Masked);
    }

    [Fact]
    public async Task DeletedKeyIsGoneFromTheDatabaseAndAfterReactivation()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue());
        await user.SaveKeyAsync("groq", TestUsers.NewKeyValue("groq"));

        await user.DeleteKeyAsync("openai", purge: true);
        await AssertFails(FailureCode.NotFound, () => user.DeleteKeyAsync("openai"));
        await fixture.DeactivateAllAsync();

        Assert.Equal(["groq"], (await user.ListKeysAsync()).Select(e => e.Provider));
        Assert.Null((await ReadStoredStateAsync(user.Name))["Providers"]!["openai"]);
        await AssertFails(FailureCode.NotFound, () => user.RevealKeyAsync("openai"));
    }

    [Fact]
    public async Task AValueThatFailsToDecryptIsReportedAsUnreadableNotAbsent()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue());
        await user.SaveKeyAsync("groq", TestUsers.NewKeyValue("groq"));

        // Damage one stored ciphertext behind the service's back.
        await fixture.DeactivateAllAsync();
        await fixture.Postgres.QueryAsync(ClusterFixture.Database, $$"""
            UPDATE grain_state
            SET payload = convert_to({{ClusterFixture.HeaderSql}}::text || E'\n' || jsonb_set({{ClusterFixture.StateSql}},
                '{Providers,openai,Versions,0,Sealed}', to_jsonb(encode(decode('00', 'hex') || decode(repeat('ab', 40), 'hex'), 'base64')))::text, 'UTF8')
            WHERE grain_id_string = 'user/{{user.Name}}' RETURNING version
            """);

        var entries = await user.ListKeysAsync();
        var damaged = entries.Single(e => e.Provider == "openai");
        Assert.False(damaged.Readable);
        Assert.Null(damaged.Masked);
        Assert.True(entries.Single(e => e.Provider == "groq").Readable);
        await AssertFails(FailureCode.Unreadable, () => user.RevealKeyAsync("openai"));
    }

    [Fact]
    public async Task InvalidInputIsRefusedAndNothingIsStored()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var versionBefore = await ReadVersionAsync(user.Name);

        await AssertInvalid("provider", () => user.SaveKeyAsync("OpenAI", TestUsers.NewKeyValue()));
        await AssertInvalid("value", () => user.SaveKeyAsync("openai", "   "));
        await AssertInvalid("value", () => user.SaveKeyAsync("openai", "line\nbreak"));
        await AssertInvalid("value", () => user.SaveKeyAsync("openai", new string('x', 4097)));

        Assert.Empty(await user.ListKeysAsync());
        Assert.Equal(versionBefore, await ReadVersionAsync(user.Name));
    }

    [Fact]
    public async Task ASaveThatWouldGrowTheRowPastItsCapIsRefusedAndChangesNothing()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var cap = new KeyLifecycleOptions().MaxRowBytes;
        var saved = new Dictionary<string, string>(StringComparer.Ordinal);
        KeyKeeperException? refusal = null;
        var versionBefore = 0;
        // Values of the longest length allowed, over and over: the row outgrows its cap well before the providers or versions run out.
        for (var save = 0; refusal is null && save < 200; save++)
        {
            var provider = $"provider-{save % 8}";
            var value = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyValue.MaxLength / 2));
            versionBefore = await ReadVersionAsync(user.Name);
            try
            {
                await user.SaveKeyAsync(provider, value);
                saved[provider] = value;
            }
            catch (KeyKeeperException refused)
            {
                refusal = refused;
            }
        }

        Assert.NotNull(refusal);
        Assert.True(refusal.Code == FailureCode.Conflict, $"{refusal.Code}: {refusal.Message}");
        Assert.Contains("past the limit", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(versionBefore, await ReadVersionAsync(user.Name));
        Assert.InRange(await ReadRowBytesAsync(user.Name), cap / 2, cap);

        // Nothing of the refused save is kept, in the activation or the row; a change that shrinks the row still goes through.
        foreach (var (provider, value) in saved)
        {
            Assert.Equal(value, await user.RevealKeyAsync(provider));
        }

        await fixture.DeactivateAllAsync();
        Assert.Equal(saved.Keys.Order(StringComparer.Ordinal), (await user.ListKeysAsync()).Select(entry => entry.Provider));
        var bytesBefore = await ReadRowBytesAsync(user.Name);
        await user.DeleteKeyAsync("provider-0", purge: true);
        Assert.InRange(await ReadRowBytesAsync(user.Name), 1, bytesBefore - KeyValue.MaxLength);
    }

    private async Task<JsonNode> ReadStoredStateAsync(string userName)
    {
        var rows = await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT {ClusterFixture.StateSql} FROM grain_state WHERE grain_type = '{UserKeysGrain.StateName}' AND grain_id_string = 'user/{userName}'");
        return JsonNode.Parse(Assert.Single(rows)!)!;
    }

    private async Task<int> ReadRowBytesAsync(string userName) =>
        int.Parse(Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT octet_length(payload) FROM grain_state WHERE grain_id_string = 'user/{userName}'"))!);

    private async Task<int> ReadVersionAsync(string userName) =>
        int.Parse(Assert.Single(await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT version FROM grain_state WHERE grain_id_string = 'user/{userName}'"))!);
}
