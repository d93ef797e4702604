using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Frontend.Gateway;

public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>How long a provider may send nothing before the request is given up: a long generation that is not streamed sends nothing until it is done.</summary>
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest request body an app may send through the gateway (prompts with images and documents are large).</summary>
    public int MaxRequestBodyMegabytes { get; set; } = 32;

    public sealed class Validator() : SettingsValidator<GatewayOptions>(SectionName)
    {
        protected override void Check(GatewayOptions options, SettingChecks checks)
        {
            checks.Duration(options.ActivityTimeout, TimeSpan.FromHours(2));
            checks.Duration(options.ConnectTimeout, TimeSpan.FromMinutes(2));
            checks.AtLeast(options.MaxRequestBodyMegabytes, 1);
        }
    }
}
