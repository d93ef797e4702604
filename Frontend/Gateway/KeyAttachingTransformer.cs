using KeyKeeper.ServiceDefaults.Providers;
using Yarp.ReverseProxy.Forwarder;

namespace KeyKeeper.Frontend.Gateway;

/// <summary>
/// One request's way out: the path under <c>/proxy/{provider}</c> onto the provider's base URL,
/// every client credential and cookie removed, the user's key added the provider's way. The
/// answer passes unchanged, but for cookies, which would land on this service's own domain.
/// </summary>
public sealed class KeyAttachingTransformer(ProviderEndpoint endpoint, PathString path, string key) : HttpTransformer
{
    /// <summary>Every header a client may carry a credential in, whatever its SDK; none of them goes to a provider.</summary>
    public static readonly string[] CredentialHeaders = [.. AppTokenHeaders.KeyHeaders, "Proxy-Authorization", "Cookie"];

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        foreach (var header in CredentialHeaders)
        {
            proxyRequest.Headers.Remove(header);
        }

        // An answer the gateway can read for its usage fields: not compressed.
        proxyRequest.Headers.AcceptEncoding.Clear();
        proxyRequest.Headers.TryAddWithoutValidation(endpoint.KeyHeader, endpoint.KeyHeaderValue(key));
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(endpoint.BaseUrl.AbsoluteUri, path, httpContext.Request.QueryString);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        httpContext.Response.Headers.Remove("Set-Cookie");
        return proceed;
    }
}
