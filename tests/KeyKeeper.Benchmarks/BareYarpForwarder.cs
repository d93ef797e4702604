using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// The limit for a .NET proxy on this machine: Kestrel in this process on 127.0.0.1 forwarding
/// every request with YARP's <see cref="IHttpForwarder"/> and <see cref="HttpTransformer.Default"/>,
/// over a handler and request settings like the gateway's, with no authentication, grain call or logging.
/// </summary>
public sealed class BareYarpForwarder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _client;

    private BareYarpForwarder(WebApplication app, HttpMessageInvoker client, string url)
    {
        _app = app;
        _client = client;
        Url = url;
    }

    public string Url { get; }

    /// <param name="destination">Scheme, host and port; the request's path and query are appended as they came.</param>
    public static async Task<BareYarpForwarder> StartAsync(string destination)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });
        var requestConfig = new ForwarderRequestConfig
        {
            ActivityTimeout = TimeSpan.FromMinutes(10),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        app.Run(async context => await forwarder.SendAsync(context, destination, client, requestConfig, HttpTransformer.Default));
        await app.StartAsync();
        return new BareYarpForwarder(app, client, app.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
