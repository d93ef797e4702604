namespace KeyKeeper.Silo.Encryption;

/// <summary>
/// Stops the silo from starting with a key-encryption secret that does not match the stored
/// data: serving with it would show every key as unreadable and encrypt new ones under a key
/// that shares an id with the real one.
/// </summary>
public sealed class KeyEncryptionStartupCheck(KeyEncryptionCanary canary) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await canary.VerifyAsync(cancellationToken) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
