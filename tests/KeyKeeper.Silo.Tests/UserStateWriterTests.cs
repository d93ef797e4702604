using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Keys;
using KeyKeeper.Silo.Storage;
using KeyKeeper.Silo.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace KeyKeeper.Silo.Tests;

public sealed class UserStateWriterTests
{
    private static readonly UserKeysStateSerializer Serializer = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    private readonly TestUser _user = new();

    [Fact]
    public async Task ASignUpAfterAVersionConflictSeesTheAccountInTheReloadedRowAndRefuses()
    {
        // The stored row gained an account (an import through another activation) that this activation never saw.
        var imported = new TestUser().SignedUp();
        var storage = new FakeState(new UserKeysState()) { Stored = imported, ConflictsLeft = 1 };
        var writer = new UserStateWriter(storage, () => { }, Serializer, new KeyLifecycleOptions().MaxStateBytes, NullLogger.Instance);

        var refusal = await Assert.ThrowsAsync<KeyKeeperException>(() =>
            writer.ChangeAsync(s => _user.Domain.Account.SignUp(s, _user.Domain.Account.Hash("a different password 1"), email: null)));

        Assert.Equal(FailureCode.Conflict, refusal.Code);
        Assert.Same(imported.Account, storage.State.Account);
        Assert.Equal(0, storage.Writes);
    }

    [Fact]
    public async Task AFailedWriteLeavesTheStateAsItWasAndSaysUnavailable()
    {
        var storage = new FakeState(new UserKeysState()) { Failure = new TimeoutException("the database did not answer") };
        var replaced = 0;
        var writer = new UserStateWriter(storage, () => replaced++, Serializer, new KeyLifecycleOptions().MaxStateBytes, NullLogger.Instance);

        var refusal = await Assert.ThrowsAsync<KeyKeeperException>(() =>
            writer.ChangeAsync(s => _user.Domain.Keys.Save(s, TestUser.Someone, "openai", TestUser.NewKey(), ifMatch: null)));

        Assert.Equal(FailureCode.Unavailable, refusal.Code);
        Assert.Empty(storage.State.Providers);
        Assert.Null(storage.State.DataKey);
        Assert.True(replaced > 0);
    }

    [Fact]
    public async Task AChangeIsWrittenWithItsEventsAndAChangeOfNothingIsNotWritten()
    {
        var storage = new FakeState(new UserKeysState());
        var writer = new UserStateWriter(storage, () => { }, Serializer, new KeyLifecycleOptions().MaxStateBytes, NullLogger.Instance);
        var value = TestUser.NewKey();

        await writer.ChangeAsync(s => _user.Domain.Keys.Save(s, TestUser.Someone, "openai", value, ifMatch: null));
        await writer.ChangeAsync(s => _user.Domain.Keys.Save(s, TestUser.Someone, "openai", value, ifMatch: null));

        Assert.Equal(1, storage.Writes);
        Assert.Equal([AuditAction.Created], storage.WrittenEvents.Select(e => e.Action));
    }

    [Fact]
    public async Task AChangeThatWouldTakeTheRowPastItsCapIsRefusedAndNothingIsWrittenButAPurgeStillIs()
    {
        var storage = new FakeState(new UserKeysState());
        var writer = new UserStateWriter(storage, () => { }, Serializer, KeyLifecycleOptionsValidator.MinStateBytes, NullLogger.Instance);
        KeyKeeperException? refusal = null;
        for (var i = 0; i < 30 && refusal is null; i++)
        {
            refusal = await Record.ExceptionAsync(() =>
                writer.ChangeAsync(s => _user.Domain.Keys.Save(s, TestUser.Someone, $"custom-{i}", LongestValue(), ifMatch: null))) as KeyKeeperException;
        }

        Assert.Equal(FailureCode.Conflict, refusal?.Code);
        Assert.Contains($"{KeyLifecycleOptionsValidator.MinStateBytes} bytes", refusal!.Message);
        Assert.Equal(storage.Stored!.Providers.Keys.Order(), storage.State.Providers.Keys.Order());
        Assert.True(Serializer.SizeOf(storage.Stored) <= KeyLifecycleOptionsValidator.MinStateBytes);

        var writes = storage.Writes;
        await writer.ChangeAsync(s => _user.Domain.Keys.Delete(s, TestUser.Someone, "custom-0", ifMatch: null, purge: true));
        Assert.Equal(writes + 1, storage.Writes);
        Assert.DoesNotContain("custom-0", storage.Stored.Providers.Keys);
    }

    [Fact]
    public void TheDefaultRowCapHoldsEveryProviderWithEveryVersionOfTheLongestValueWithRoomToSpare()
    {
        var lifecycle = new KeyLifecycleOptions();
        for (var provider = 0; provider < lifecycle.MaxProviders; provider++)
        {
            for (var version = 0; version < lifecycle.VersionsKept; version++)
            {
                _user.Domain.Keys.Save(_user.State, TestUser.Someone, $"custom-{provider}", LongestValue(), ifMatch: null);
            }
        }

        // Measured at 1.96 MB: half the cap leaves the account (sessions, app tokens, 2FA) ample room.
        Assert.InRange(Serializer.SizeOf(_user.State), 1, lifecycle.MaxStateBytes / 2);
    }

    private static string LongestValue() =>
        string.Concat(Enumerable.Range(0, KeyValue.MaxLength / 32).Select(_ => Guid.NewGuid().ToString("N")));

    /// <summary>An <see cref="IPersistentState{TState}"/> whose stored row the test controls.</summary>
    private sealed class FakeState(UserKeysState state) : IPersistentState<UserKeysState>
    {
        public UserKeysState State { get; set; } = state;

        public UserKeysState? Stored { get; set; }

        public int ConflictsLeft { get; set; }

        public Exception? Failure { get; set; }

        public int Writes { get; private set; }

        public List<Storage.AuditEvent> WrittenEvents { get; } = [];

        public string? Etag { get; set; }

        public bool RecordExists => Stored is not null;

        public Task ClearStateAsync() => throw new NotSupportedException();

        public Task ReadStateAsync()
        {
            State = Stored?.Snapshot() ?? new UserKeysState();
            return Task.CompletedTask;
        }

        public Task WriteStateAsync()
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            if (ConflictsLeft-- > 0)
            {
                throw new InconsistentStateException("The row moved on.");
            }

            Writes++;
            WrittenEvents.AddRange(State.PendingAudit);
            Stored = State.Snapshot();
            return Task.CompletedTask;
        }
    }
}
