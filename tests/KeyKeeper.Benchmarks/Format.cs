using System.Globalization;

namespace KeyKeeper.Benchmarks;

/// <summary>Number formats of the report: invariant culture, thousands separated.</summary>
public static class Format
{
    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) =>
        double.IsNaN(milliseconds) ? "-" : milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Cores(double cores) => cores.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture);

    public static string Kilobytes(double bytes) => (bytes / 1024.0).ToString("N2", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan elapsed) => $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:D2} s";
}
