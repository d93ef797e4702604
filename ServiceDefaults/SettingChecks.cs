using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace KeyKeeper.ServiceDefaults;

/// <summary>
/// A section's refused settings, each named as configured and with the value it had. Secrets are never
/// checked here: their values must not reach a log, so their validators word their own failures (<see cref="Refuse"/>).
/// </summary>
public sealed class SettingChecks(string section)
{
    /// <summary>The longest duration a setting may have: date arithmetic with more overflows.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(3650);

    /// <summary>The longest period of a <see cref="PeriodicTimer"/> (2^32 - 2 ms, about 49.7 days), in whole days.</summary>
    public static readonly TimeSpan LongestTimerPeriod = TimeSpan.FromDays(49);

    private readonly List<string> _failures = [];

    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);

    public string Setting(string name) => $"{section}:{name}";

    public void AtLeast(int value, int minimum, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        if (value < minimum)
        {
            Refused(property, $"must be at least {minimum}", value);
        }
    }

    public void PortOrZero(int value, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        if (value is < 0 or > IPEndPoint.MaxPort)
        {
            Refused(property, $"must be a TCP port (1-{IPEndPoint.MaxPort}) or 0 for a free one", value);
        }
    }

    public void Duration(TimeSpan value, TimeSpan? maximum = null, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        var longest = maximum ?? LongestDuration;
        if (value <= TimeSpan.Zero || value > longest)
        {
            Refused(property, $"must be more than 0 and at most {Format(longest)}", value);
        }
    }

    public void Between(TimeSpan value, TimeSpan minimum, TimeSpan maximum, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        if (value < minimum || value > maximum)
        {
            Refused(property, $"must be at least {Format(minimum)} and at most {Format(maximum)}", value);
        }
    }

    public void NotBlank(string? value, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _failures.Add($"{Setting(NameOf(property))} must be set.");
        }
    }

    public void IPAddress(string? value, [CallerArgumentExpression(nameof(value))] string property = "")
    {
        if (!System.Net.IPAddress.TryParse(value, out _))
        {
            Refused(property, "must be an IP address", value);
        }
    }

    /// <summary>Each entry of a list, named by its index as configuration names it (<c>Section:List:0</c>).</summary>
    public void IPAddresses(IReadOnlyList<string> values, [CallerArgumentExpression(nameof(values))] string property = "")
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!System.Net.IPAddress.TryParse(values[i], out _))
            {
                Refused($"{NameOf(property)}:{i}", "must be an IP address", values[i]);
            }
        }
    }

    public void IPNetworks(IReadOnlyList<string> values, [CallerArgumentExpression(nameof(values))] string property = "")
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(values[i], out _))
            {
                Refused($"{NameOf(property)}:{i}", "must be a network in CIDR notation, such as 10.0.0.0/8", values[i]);
            }
        }
    }

    /// <summary>A failure in words of its own: a rule across settings, or one about a secret.</summary>
    public void Refuse(string failure) => _failures.Add(failure);

    private void Refused(string property, string rule, object? value) =>
        _failures.Add($"{Setting(NameOf(property))} {rule} (was {Format(value)}).");

    private static string Format(object? value) => value switch
    {
        null => "not set",
        TimeSpan duration => duration.ToString("c", CultureInfo.InvariantCulture),
        string text => $"'{text}'",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string NameOf(string property) => property[(property.LastIndexOf('.') + 1)..];
}
