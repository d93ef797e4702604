using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;

namespace KeyKeeper.Silo.Tests;

public sealed class UserStateWriterTests
{
    private readonly TestUser _user = new();

    [Fact]
    public async Task ASignUpAfterAVersionConflictSeesTheAccountInTheReloadedRowAndRefuses()
    {
        // The stored row gained an account (an import through another activation) that this activation never saw.
        var imported = new TestUser().SignedUp();
        var storage = new FakeState(new UserKeysState()) { Stored = imported, ConflictsLeft = 1 };
        var writer = new UserStateWriter(storage, () => { }, NullLogger.Instance);

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
        var writer = new UserStateWriter(storage, () => replaced++, NullLogger.Instance);

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
        var writer = new UserStateWriter(storage, () => { }, NullLogger.Instance);
        var value = TestUser.NewKey();

        await writer.ChangeAsync(s => _user.Domain.Keys.Save(s, TestUser.Someone, "openai", value, ifMatch: null));
        await writer.ChangeAsync(s => _user.Domain.Keys.Save(s, TestUser.Someone, "openai", value, ifMatch: null));

        Assert.Equal(1, storage.Writes);
        Assert.Equal([AuditAction.Created], storage.WrittenEvents.Select(e => e.Action));
    }

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
