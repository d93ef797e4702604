using KeyKeeper.Testing;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The detector itself, on its own instance (never the shared one, which must stay clean).</summary>
public sealed class LogLeakDetectorTests
{
    private readonly LogLeakDetector _detector = new();
    private readonly string _value = "sk-proj-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void ALineLoggedAfterTheValueWasRegisteredIsAViolation()
    {
        _detector.RegisterValue(_value);
        _detector.Write("Some.Category", $"saved {_value} for ada");

        AssertOneViolation("Some.Category");
    }

    [Fact]
    public void AValueRegisteredAfterTheLineWasLoggedIsAViolation()
    {
        _detector.Write("Some.Category", $"saved {_value} for ada");
        _detector.RegisterValue($"  {_value} ");

        AssertOneViolation("Some.Category");
    }

    [Fact]
    public void LinesWithoutAValueAndValuesTooShortOrUniformToMatterAreNoViolation()
    {
        _detector.RegisterValue(_value);
        _detector.RegisterValue("short");
        _detector.RegisterValue(new string('x', 4097));
        _detector.Write("Some.Category", $"saved {LogLeakDetector.Fingerprint(_value)}, a short word and {new string('x', 5000)}");

        Assert.Empty(_detector.Violations);
        Assert.Equal(1, _detector.ValueCount);
        _detector.AssertNoLeaks();
    }

    [Theory]
    [InlineData("message")]
    [InlineData("scope")]
    [InlineData("state")]
    [InlineData("exception")]
    public void TheLoggerProviderWritesMessageScopesStateAndExceptionToTheDetector(string where)
    {
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(new LeakCheckingLoggerProvider(_detector)));
        var logger = factory.CreateLogger("Leaky.Component");
        _detector.RegisterValue(_value);

        using (logger.BeginScope(where == "scope" ? new Dictionary<string, object?> { ["Key"] = _value } : new Dictionary<string, object?>()))
        {
            switch (where)
            {
                case "message":
                    logger.LogInformation("Saved {Value}", _value);
                    break;
                case "state":
                    logger.Log(LogLevel.Warning, default, new Dictionary<string, object?> { ["Value"] = _value }, null, (_, _) => "no value in the text");
                    break;
                case "exception":
                    logger.LogError(new InvalidOperationException($"bad {_value}"), "Failed");
                    break;
                default:
                    logger.LogInformation("Saved a key");
                    break;
            }
        }

        AssertOneViolation("Leaky.Component");
    }

    [Theory]
    [InlineData("/api/keys/{0}")]
    [InlineData("/api/keys/openai?value={0}")]
    public void AValueInARequestUrlIsAViolation(string path)
    {
        _detector.RegisterValue(_value);

        _detector.CheckUrl("GET request", new Uri("http://127.0.0.1" + string.Format(path, Uri.EscapeDataString(_value))));

        AssertOneViolation("GET request");
    }

    private void AssertOneViolation(string source)
    {
        var violation = Assert.Single(_detector.Violations);
        Assert.Contains(source, violation);
        Assert.Contains(LogLeakDetector.Fingerprint(_value), violation);
        Assert.DoesNotContain(_value, violation);
        var failure = Assert.Throws<InvalidOperationException>(_detector.AssertNoLeaks);
        Assert.DoesNotContain(_value, failure.Message);
    }
}
