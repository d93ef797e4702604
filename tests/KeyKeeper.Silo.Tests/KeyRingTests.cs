using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Keys;

namespace KeyKeeper.Silo.Tests;

public sealed class KeyRingTests
{
    private readonly TestUser _user = new(new KeyLifecycleOptions { VersionsKept = 3, DeletedRetention = TimeSpan.FromDays(30) });

    private KeyRing Keys => _user.Domain.Keys;

    [Fact]
    public void EverySaveOfANewValueIsTheNextVersionAndAudited()
    {
        var first = Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);
        var second = Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);

        Assert.Equal((1, 2), (first.Result.Version, second.Result.Version));
        Assert.Equal([AuditAction.Created], first.Events!.Select(e => e.Action));
        Assert.Equal([AuditAction.Updated], second.Events!.Select(e => e.Action));
        Assert.Equal("session-1", second.Events![0].SessionId);
    }

    [Fact]
    public void ANewProviderBeyondTheCapIsRefusedWhileAnExistingOneStillGetsANewVersion()
    {
        var user = new TestUser();
        var cap = user.Lifecycle.MaxProviders;
        for (var i = 0; i < cap; i++)
        {
            user.Domain.Keys.Save(user.State, TestUser.Someone, $"custom-{i}", TestUser.NewKey($"custom-{i}"), ifMatch: null);
        }

        // A deleted key still counts until it is purged.
        user.Domain.Keys.Delete(user.State, TestUser.Someone, "custom-0", ifMatch: null, purge: false);

        var refusal = TestUser.Refused(FailureCode.Conflict,
            () => user.Domain.Keys.Save(user.State, TestUser.Someone, "one-too-many", TestUser.NewKey("one-too-many"), ifMatch: null));
        Assert.Contains($"at most {cap} providers", refusal.Message);
        Assert.Equal(cap, user.State.Providers.Count);

        var updated = user.Domain.Keys.Save(user.State, TestUser.Someone, "custom-1", TestUser.NewKey("custom-1"), ifMatch: null);
        Assert.Equal(2, updated.Result.Version);
        Assert.Equal(2, user.Domain.Keys.Save(user.State, TestUser.Someone, "custom-0", TestUser.NewKey("custom-0"), ifMatch: null).Result.Version);
    }

    [Fact]
    public void SavingTheCurrentValueAgainChangesNothing()
    {
        var value = TestUser.NewKey();
        Keys.Save(_user.State, TestUser.Someone, "openai", value, ifMatch: null);

        var again = Keys.Save(_user.State, TestUser.Someone, "openai", value, ifMatch: null);

        Assert.False(again.IsWrite);
        Assert.Equal(1, again.Result.Version);
    }

    [Fact]
    public void OnlyTheLatestVersionsAreKept()
    {
        for (var i = 0; i < 5; i++)
        {
            Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);
        }

        Assert.Equal([5, 4, 3], Keys.Versions(_user.State, "openai").Select(v => v.Number));
    }

    [Fact]
    public void RestoreSavesAKeptValueAsTheNextVersion()
    {
        var original = TestUser.NewKey();
        Keys.Save(_user.State, TestUser.Someone, "openai", original, ifMatch: null);
        Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);

        var restored = Keys.Restore(_user.State, TestUser.Someone, "openai", version: 1, ifMatch: null);

        Assert.Equal(3, restored.Result.Version);
        Assert.Equal(original, Keys.Open(_user.State, "openai").Value);
        Assert.Equal(1, Keys.Versions(_user.State, "openai")[0].RestoredFrom);
        TestUser.Refused(FailureCode.NotFound, () => Keys.Restore(_user.State, TestUser.Someone, "openai", version: 9, ifMatch: null));
    }

    [Fact]
    public void AStaleIfMatchIsRefusedWithTheCurrentVersion()
    {
        Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);
        Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);

        var refusal = TestUser.Refused(FailureCode.VersionMismatch,
            () => Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), new VersionPrecondition(false, [1])));

        Assert.Equal(2, refusal.CurrentVersion);
    }

    [Fact]
    public void AMalformedValueIsRefusedWithItsField()
    {
        var refusal = TestUser.Refused(FailureCode.InvalidInput, () => Keys.Save(_user.State, TestUser.Someone, "openai", "sk-ant-not-an-openai-key", ifMatch: null));

        Assert.Equal("value", refusal.Field);
        Assert.Empty(_user.State.Providers);
    }

    [Fact]
    public void ADeletedKeyCanBeBroughtBackOnlyWithinTheRecoveryWindow()
    {
        Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);
        Keys.Save(_user.State, TestUser.Someone, "groq", TestUser.NewKey("groq"), ifMatch: null);
        Keys.Delete(_user.State, TestUser.Someone, "openai", ifMatch: null, purge: false);
        Keys.Delete(_user.State, TestUser.Someone, "groq", ifMatch: null, purge: false);

        TestUser.Refused(FailureCode.NotFound, () => Keys.Get(_user.State, "openai"));
        Assert.Equal(1, Keys.Undelete(_user.State, TestUser.Someone, "openai").Result.Version);

        _user.Clock.Advance(TimeSpan.FromDays(31));
        TestUser.Refused(FailureCode.NotFound, () => Keys.Undelete(_user.State, TestUser.Someone, "groq"));
        Assert.Equal(1, Keys.PurgeExpired(_user.State).Result);
        Assert.False(_user.State.Providers.ContainsKey("groq"));
    }

    [Fact]
    public void APurgeRemovesEveryVersionAtOnce()
    {
        Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);

        var purged = Keys.Delete(_user.State, TestUser.Someone, "openai", ifMatch: null, purge: true);

        Assert.Equal([AuditAction.Purged], purged.Events!.Select(e => e.Action));
        Assert.Empty(_user.State.Providers);
        TestUser.Refused(FailureCode.NotFound, () => Keys.Delete(_user.State, TestUser.Someone, "openai", ifMatch: null, purge: true));
    }

    [Fact]
    public void AValueSealedForAnotherUserDoesNotOpen()
    {
        Keys.Save(_user.State, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null);
        var other = new TestUser { State = _user.State };

        TestUser.Refused(FailureCode.Unreadable, () => other.Domain.Keys.Open(other.State, "openai"));
        Assert.False(other.Domain.Keys.Get(other.State, "openai").Readable);
    }
}
