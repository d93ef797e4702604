using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Accounts;
using KeyKeeper.Silo.Legacy;
using KeyKeeper.Silo.Maintenance;
using KeyKeeper.Silo.Storage;
using KeyKeeper.Silo.Telemetry;
using KeyKeeper.Silo.Validation;

namespace KeyKeeper.Silo.Users;

/// <summary>A shell: it checks the caller and runs the domain classes through <see cref="UserStateWriter"/>; each other part holds one role.</summary>
public sealed partial class UserKeysGrain(
    [PersistentState(UserKeysGrain.StateName, UserKeysGrain.StorageName)] IPersistentState<UserKeysState> state,
    UserDomainFactory domains,
    ProviderValidator validator,
    AuditTrail auditTrail,
    AuditAppender readAudit,
    ILogger<UserKeysGrain> logger) : Grain, IUserKeysGrain, IUserKeysMaintenance, IUserKeysImport, IIncomingGrainCallFilter
{
    /// <summary>The state name is part of every row's key: never rename it.</summary>
    public const string StateName = "user-keys";

    public const string StorageName = "keys-store";

    private UserDomain _user = null!;
    private UserStateWriter _writer = null!;

    private string UserName => UserKeysGrainKey.UserNameOf(this.GetPrimaryKeyString());

    private UserKeysState State => state.State;

    private DateTimeOffset Now => _user.Time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _user = domains.Create(UserName);
        _writer = new UserStateWriter(state, _user.StateReplaced, logger);
        KeyKeeperMetrics.UserGrainActivated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        KeyKeeperMetrics.UserGrainDeactivated();
        _user.Vault.Forget();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A grain for a name without an account (a login or token for a name nobody has) leaves
    /// memory as soon as its call is done: a stream of made-up names cannot fill a silo.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        finally
        {
            if (State.Account is null && State.Providers.Count == 0)
            {
                DeactivateOnIdle();
            }
        }
    }

    public async Task<AuditPage> GetAuditAsync(CallerCredentials caller, AuditQuery query)
    {
        RequireSession(caller);
        try
        {
            return await auditTrail.QueryAsync(UserName, query);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            LogAuditUnavailable(e, UserName);
            throw KeyKeeperException.Unavailable("The audit trail cannot be read right now; please try again.");
        }
    }

    private UserSession RequireSession(CallerCredentials caller) => _user.Account.RequireSession(State, caller);

    private Actor RequireActor(CallerCredentials caller) => new(RequireSession(caller).Id, caller.ClientAddress);

    private Task<T> ChangeAsync<T>(Func<UserKeysState, Change<T>> change) => _writer.ChangeAsync(change);

    /// <summary>
    /// A read that must be on record (a reveal, an app's read) changes no state: its audit events
    /// are appended on their own, committed before the result is handed out, and the user's row
    /// is not rewritten to carry them.
    /// </summary>
    private async Task<T> AuditedReadAsync<T>(Change<T> read)
    {
        try
        {
            foreach (var audit in read.Events ?? [])
            {
                await readAudit.AppendAsync(UserName, audit);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            LogReadAuditFailed(e, UserName);
            throw KeyKeeperException.Unavailable();
        }

        return read.Result;
    }

    [LoggerMessage(LogLevel.Error, "The audit trail of user {UserName} could not be read.")]
    private partial void LogAuditUnavailable(Exception exception, string userName);

    [LoggerMessage(LogLevel.Error, "A read of a key of user {UserName} could not be audited; the value was not handed out.")]
    private partial void LogReadAuditFailed(Exception exception, string userName);
}
