using KeyKeeper.ServiceDefaults;

namespace KeyKeeper.Frontend.Security;

public sealed class ForwardedHeadersSettingsValidator() : SettingsValidator<ForwardedHeadersSettings>(ForwardedHeadersSettings.SectionName)
{
    protected override void Check(ForwardedHeadersSettings options, SettingChecks checks)
    {
        checks.IPAddresses(options.KnownProxies);
        checks.IPNetworks(options.KnownNetworks);
    }
}
