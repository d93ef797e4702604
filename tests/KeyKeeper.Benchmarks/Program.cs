using System.Globalization;
using KeyKeeper.Benchmarks;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Cancel instead of dying, so that PostgreSQL and the services are stopped on the way out.
    e.Cancel = true;
    stop.Cancel();
};

try
{
    await new BenchmarkRun(options, Console.Out).ExecuteAsync(stop.Token);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled; everything the benchmark started has been stopped.");
    return 130;
}
catch (BenchmarkPrerequisiteException e)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}
