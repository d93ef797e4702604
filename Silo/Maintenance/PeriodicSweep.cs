namespace KeyKeeper.Silo.Maintenance;

/// <summary>
/// A sweep every silo runs on a timer (<see cref="DeletedKeyPurger"/>,
/// <see cref="Validation.KeyValidationSweeper"/>): a sweep that fails is reported and the next
/// tick tries again; a null <see cref="Period"/> turns the sweep off.
/// </summary>
public abstract class PeriodicSweep(TimeProvider time) : BackgroundService
{
    protected TimeProvider Time => time;

    /// <summary>How often to sweep; null for never.</summary>
    protected abstract TimeSpan? Period { get; }

    /// <summary>Does what is due now; returns how many things it did.</summary>
    public abstract Task<int> SweepAsync(CancellationToken cancellationToken);

    /// <summary>Reports a sweep that did something.</summary>
    protected abstract void OnSwept(int count);

    protected abstract void OnSweepFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Period is not { } period)
        {
            return;
        }

        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var count = await SweepAsync(stoppingToken);
                if (count > 0)
                {
                    OnSwept(count);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                OnSweepFailed(e);
            }
        }
    }
}
