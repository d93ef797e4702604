using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Maintenance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KeyKeeper.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class KeyLifecycleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EverySaveOfANewValueIsAVersionAndARestoreIsANewVersion()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var values = Enumerable.Range(0, 3).Select(_ => TestUsers.NewKeyValue()).ToList();
        foreach (var value in values)
        {
            await user.SaveKeyAsync("openai", value);
        }

        await user.SaveKeyAsync("openai", values[^1]); // the same value again is not a version

        var versions = await user.ListVersionsAsync("openai");
        Assert.Equal([3, 2, 1], versions.Select(v => v.Number));
        Assert.Equal([true, false, false], versions.Select(v => v.Current));
        Assert.Equal(values.AsEnumerable().Reverse().Select(KeyMask.Mask), versions.Select(v => v.Masked));

        var restored = await user.RestoreVersionAsync("openai", 1);

        Assert.Equal(4, restored.Version);
        Assert.Equal(values[0], await user.RevealKeyAsync("openai"));
        await fixture.DeactivateAllAsync();
        var after = await user.ListVersionsAsync("openai");
        Assert.Equal([4, 3, 2, 1], after.Select(v => v.Number));
        Assert.Equal(1, after[0].RestoredFrom);
        await AssertFails(FailureCode.NotFound, () => user.RestoreVersionAsync("openai", 99));
    }

    [Fact]
    public async Task OnlyTheLatestTenVersionsAreKept()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        for (var i = 0; i < 12; i++)
        {
            await user.SaveKeyAsync("groq", TestUsers.NewKeyValue("groq"));
        }

        var versions = await user.ListVersionsAsync("groq");
        Assert.Equal(Enumerable.Range(3, 10).Reverse(), versions.Select(v => v.Number));
        await AssertFails(FailureCode.NotFound, () => user.RestoreVersionAsync("groq", 2));
    }

    [Fact]
    public async Task DeleteIsSoftUntilPurgedAndUndeleteBringsTheSameKeyBack()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue("anthropic");
        var saved = await user.SaveKeyAsync("anthropic", value);

        await user.DeleteKeyAsync("anthropic");
        Assert.Empty(await user.ListKeysAsync());
        await AssertFails(FailureCode.NotFound, () => user.GetKeyAsync("anthropic"));
        await AssertFails(FailureCode.NotFound, () => user.RevealKeyAsync("anthropic"));
        var deleted = Assert.Single(await user.Grain.ListDeletedKeysAsync(user.Credentials));
        Assert.Equal(deleted.DeletedAt.AddDays(30), deleted.PurgeAfter);

        await fixture.DeactivateAllAsync();
        var back = await user.UndeleteKeyAsync("anthropic");

        Assert.Equal(saved.Version, back.Version);
        Assert.Equal(value, await user.RevealKeyAsync("anthropic"));
        await AssertFails(FailureCode.NotFound, () => user.UndeleteKeyAsync("anthropic"));

        await user.DeleteKeyAsync("anthropic", purge: true);
        await AssertFails(FailureCode.NotFound, () => user.UndeleteKeyAsync("anthropic"));
        await AssertFails(FailureCode.NotFound, () => user.ListVersionsAsync("anthropic"));
    }

    [Fact]
    public async Task DeletedKeysPastTheirWindowArePurgedByTheSweepEvenIfTheUserNeverReturns()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue());
        await user.SaveKeyAsync("google", TestUsers.NewKeyValue("google"));
        await user.DeleteKeyAsync("openai");
        await user.DeleteKeyAsync("google");

        // Age the openai deletion past the 30-day window behind the service's back.
        await fixture.DeactivateAllAsync();
        const string aged = """to_jsonb(to_char(now() AT TIME ZONE 'UTC' - interval '31 days', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))""";
        await fixture.Postgres.QueryAsync(ClusterFixture.Database, $$"""
            UPDATE grain_state
            SET payload = convert_to(
                jsonb_set({{ClusterFixture.HeaderSql}}, '{deleted,openai}', {{aged}})::text || E'\n' ||
                jsonb_set({{ClusterFixture.StateSql}}, '{Providers,openai,DeletedAt}', {{aged}})::text, 'UTF8')
            WHERE grain_id_string = 'user/{{user.Name}}' RETURNING version
            """);

        var purger = fixture.SiloServices.GetServices<IHostedService>().OfType<DeletedKeyPurger>().Single();
        Assert.True(await purger.SweepAsync(CancellationToken.None) >= 1);

        var state = await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT {ClusterFixture.StateSql}->'Providers' ? 'openai' FROM grain_state WHERE grain_id_string = 'user/{user.Name}'");
        Assert.Equal("False", Assert.Single(state));
        await AssertFails(FailureCode.NotFound, () => user.UndeleteKeyAsync("openai"));
        Assert.Equal("google", (await user.UndeleteKeyAsync("google")).Provider);
        var purged = (await user.GetAuditAsync("openai")).Items[0];
        Assert.Equal((AuditAction.Purged, null), (purged.Action, purged.SessionId));
    }

    [Fact]
    public async Task IfMatchLetsExactlyOneOfTwoRacingWritersWin()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var first = await user.SaveKeyAsync("openai", TestUsers.NewKeyValue());
        var seenByBoth = new VersionPrecondition(false, [first.Version]);

        var results = await Task.WhenAll(
            Attempt(() => user.SaveKeyAsync("openai", TestUsers.NewKeyValue(), seenByBoth)),
            Attempt(() => user.SaveKeyAsync("openai", TestUsers.NewKeyValue(), seenByBoth)));

        Assert.Equal(1, results.Count(ok => ok));
        var stale = await AssertFails(FailureCode.VersionMismatch, () => user.DeleteKeyAsync("openai", seenByBoth));
        Assert.Equal(2, stale.CurrentVersion);
        Assert.Equal(2, (await user.GetKeyAsync("openai")).Version);
        await user.DeleteKeyAsync("openai", new VersionPrecondition(false, [2]));
        var deleted = await AssertFails(FailureCode.VersionMismatch, () => user.SaveKeyAsync("openai", TestUsers.NewKeyValue(), VersionPrecondition.Any));
        Assert.Null(deleted.CurrentVersion);

        static async Task<bool> Attempt(Func<Task> write)
        {
            try
            {
                await write();
                return true;
            }
            catch (KeyKeeperException e) when (e.Code == FailureCode.VersionMismatch)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task AMaskedValueOrAnotherProvidersKeyIsNeverSavedOverARealKey()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var saved = await user.SaveKeyAsync("openai", TestUsers.NewKeyValue());

        var masked = await AssertInvalid("value", () => user.SaveKeyAsync("openai", saved.Masked!));
        Assert.Contains("masked", masked.Message);
        var anthropic = await AssertInvalid("value", () => user.SaveKeyAsync("openai", TestUsers.NewKeyValue("anthropic")));
        Assert.Contains("Anthropic", anthropic.Message);
        var truncated = await AssertInvalid("value", () => user.SaveKeyAsync("openai", TestUsers.NewKeyValue()[..20]));
        Assert.Contains("truncated", truncated.Message);
        await AssertInvalid("value", () => user.SaveKeyAsync("google", "AIza" + new string('x', 30)));

        Assert.Equal(saved, await user.GetKeyAsync("openai"));
        var trimmed = TestUsers.NewKeyValue("groq");
        Assert.Equal(KeyMask.Mask(trimmed), (await user.SaveKeyAsync("groq", "\r\n  " + trimmed + " \n")).Masked);
        Assert.Equal(trimmed, await user.RevealKeyAsync("groq"));
    }

    [Fact]
    public async Task EveryChangeAndRevealIsAuditedInPostgresWithoutValues()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue();
        await user.SaveKeyAsync("openai", value);
        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue());
        await user.RevealKeyAsync("openai");
        await user.RestoreVersionAsync("openai", 1);
        await user.DeleteKeyAsync("openai");
        await user.UndeleteKeyAsync("openai");
        await user.DeleteKeyAsync("openai", purge: true);

        var page = await user.GetAuditAsync("openai");

        Assert.Equal(
            [AuditAction.Purged, AuditAction.Undeleted, AuditAction.Deleted, AuditAction.Restored, AuditAction.Revealed, AuditAction.Updated, AuditAction.Created],
            page.Items.Select(e => e.Action));
        Assert.Equal([3, 3, 3, 3, 2, 2, 1], page.Items.Select(e => e.Version ?? 0));
        Assert.All(page.Items, e => Assert.Equal(("openai", "203.0.113.7"), (e.Provider, e.ClientAddress)));
        Assert.All(page.Items, e => Assert.NotNull(e.SessionId));
        var rows = await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            $"SELECT row_to_json(a)::text FROM audit_event a WHERE user_name = '{user.Name}'");
        Assert.Equal(8, rows.Count); // and the sign-in
        Assert.All(rows, row => Assert.DoesNotContain(value[^8..], row!));

        var firstPage = await user.GetAuditAsync("openai", limit: 4);
        var secondPage = await user.GetAuditAsync("openai", limit: 4, before: firstPage.NextBefore);
        Assert.Equal(page.Items, firstPage.Items.Concat(secondPage.Items));
        Assert.Null(secondPage.NextBefore);
    }

    [Fact]
    public async Task AChangeWhoseAuditRecordCannotBeWrittenIsNotMade()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var kept = await user.SaveKeyAsync("openai", TestUsers.NewKeyValue());

        // Make the audit table refuse writes: the state write in the same statement must fail too.
        await fixture.Postgres.QueryAsync(ClusterFixture.Database,
            "ALTER TABLE audit_event ADD CONSTRAINT audit_refuses CHECK (action <> 'updated') NOT VALID");
        try
        {
            await AssertFails(FailureCode.Unavailable, () => user.SaveKeyAsync("openai", TestUsers.NewKeyValue()));
        }
        finally
        {
            await fixture.Postgres.QueryAsync(ClusterFixture.Database, "ALTER TABLE audit_event DROP CONSTRAINT audit_refuses");
        }

        Assert.Equal(kept, Assert.Single(await user.ListKeysAsync()));
        await fixture.DeactivateAllAsync();
        Assert.Equal(kept, Assert.Single(await user.ListKeysAsync()));
        Assert.Equal([AuditAction.Created], (await user.GetAuditAsync("openai")).Items.Select(e => e.Action));
    }
}
