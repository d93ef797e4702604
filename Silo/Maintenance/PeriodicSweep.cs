namespace KeyKeeper.Silo.Maintenance;

/// <summary>A sweep every silo runs on a timer; a sweep that fails is reported and the next tick tries again.</summary>
public abstract class PeriodicSweep(TimeProvider time) : BackgroundService
{
    protected TimeProvider Time => time;

    protected abstract TimeSpan? Period { get; }

    public abstract Task<int> SweepAsync(CancellationToken cancellationToken);

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
