using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Silo.Telemetry;

/// <summary>At the grain's boundary what it returned or threw is what the caller saw, and the grain stays free of metric calls.</summary>
public sealed class KeyMetricsGrainCallFilter : IIncomingGrainCallFilter
{
    private static readonly HashSet<string> Changes = new(StringComparer.Ordinal)
    {
        nameof(IUserKeysGrain.SaveKeyAsync),
        nameof(IUserKeysGrain.DeleteKeyAsync),
        nameof(IUserKeysGrain.UndeleteKeyAsync),
        nameof(IUserKeysGrain.RestoreVersionAsync),
        nameof(IUserKeysGrain.ValidateKeyAsync),
    };

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType is not { } role || !role.IsAssignableFrom(typeof(IUserKeysGrain)))
        {
            await context.Invoke();
            return;
        }

        var method = context.InterfaceMethod.Name;
        try
        {
            await context.Invoke();
        }
        catch (Exception e)
        {
            if (Changes.Contains(method) && ReasonOf(e) is { } reason)
            {
                KeyKeeperMetrics.ChangeFailed(reason);
            }

            throw;
        }

        switch (method, context.Result)
        {
            case (nameof(IUserKeysGrain.SaveKeyAsync), KeyEntry saved):
                KeyKeeperMetrics.KeySaved(saved.Provider);
                break;
            case (nameof(IUserKeysGrain.RevealKeyAsync), string):
                KeyKeeperMetrics.KeyRevealed((string)context.Request.GetArgument(1)!);
                break;
            case (nameof(IUserKeysGrain.UseKeyAsync), KeyForUse used):
                KeyKeeperMetrics.KeyUsed(used.Source);
                break;
        }
    }

    private static string? ReasonOf(Exception e) => (e as KeyKeeperException)?.Code switch
    {
        FailureCode.Unavailable => KeyKeeperMetrics.Reasons.StoreUnavailable,
        FailureCode.VersionMismatch => KeyKeeperMetrics.Reasons.VersionConflict,
        FailureCode.SessionRejected => KeyKeeperMetrics.Reasons.SessionRejected,
        FailureCode.InvalidInput => KeyKeeperMetrics.Reasons.InvalidInput,
        _ => null,
    };
}
