namespace KeyKeeper.Frontend.Security;

/// <summary>The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed; none by default, so the headers are ignored.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    public List<string> KnownProxies { get; set; } = [];

    public List<string> KnownNetworks { get; set; } = [];
}
