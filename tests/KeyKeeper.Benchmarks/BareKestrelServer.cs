using System.Net;
using KeyKeeper.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// The HTTP limit for reads: Kestrel in this process on 127.0.0.1, answering a GET (/api/keys unless told) with
/// fixed bytes (the JSON the real frontend returned), with no authentication, grain call or logging.
/// </summary>
public sealed class BareKestrelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrelServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<BareKestrelServer> StartAsync(byte[] body, string contentType, string path = "/api/keys")
    {
        var port = LoopbackPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet(path, () => Results.Bytes(body, contentType));
        await app.StartAsync();
        return new BareKestrelServer(app, $"http://127.0.0.1:{port}");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
