using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Silo.Encryption;
using Orleans.Concurrency;

namespace KeyKeeper.Silo.Health;

/// <summary>Answers health probes from any silo, without a single hot activation.</summary>
[StatelessWorker]
public sealed class KeyStoreProbeGrain(KeyEncryptionCanary canary) : Grain, IKeyStoreProbeGrain
{
    public Task<string?> CheckAsync() => canary.VerifyAsync(CancellationToken.None);
}
