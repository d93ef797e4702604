using System.Net;
using KeyKeeper.ServiceDefaults;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Frontend.Security;

/// <summary>
/// The client address the sign-in limit and the audit use: the peer's, unless the peer is a configured proxy.
/// Believing any peer's <c>X-Forwarded-For</c> (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>) would let a new header per request escape the limit.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddKeyKeeperForwardedHeaders(this IServiceCollection services)
    {
        services.AddValidatedSettings<ForwardedHeadersSettings, ForwardedHeadersSettingsValidator>(ForwardedHeadersSettings.SectionName);
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            var trusted = settings.Value.KnownProxies.Count + settings.Value.KnownNetworks.Count > 0;
            // Empty lists would mean every peer: with none configured the headers are not read at all.
            forwarded.ForwardedHeaders = trusted ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            // After the framework's own: its default trusts loopback, and the environment variable every peer.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }
}
