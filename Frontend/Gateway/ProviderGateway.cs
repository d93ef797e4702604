using System.Diagnostics;
using System.Net;
using KeyKeeper.Frontend.Errors;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults;
using KeyKeeper.ServiceDefaults.Providers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace KeyKeeper.Frontend.Gateway;

/// <summary>
/// <c>/proxy/{provider}</c> stands in for the provider's base URL: the app's SDK sends its app token
/// where it would send a key, and the request goes on, streamed both ways by YARP, with the user's
/// key. The key exists here only for the request, in the transformer that attaches it.
/// </summary>
public sealed partial class ProviderGateway : IDisposable
{
    public const string RoutePrefix = "/proxy";

    private readonly ProviderEndpoints _endpoints;
    private readonly AccessTokenKey _tokenKey;
    private readonly IGrainFactory _grains;
    private readonly IHttpForwarder _forwarder;
    private readonly GatewayOptions _options;
    private readonly ILogger<ProviderGateway> _logger;
    private readonly HttpMessageInvoker _client;
    private readonly ForwarderRequestConfig _requestConfig;

    public ProviderGateway(
        ProviderEndpoints endpoints, AccessTokenKey tokenKey, IGrainFactory grains, IHttpForwarder forwarder, IOptions<GatewayOptions> options, ILogger<ProviderGateway> logger)
    {
        (_endpoints, _tokenKey, _grains, _forwarder, _options, _logger) = (endpoints, tokenKey, grains, forwarder, options.Value, logger);
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // The trace goes on to the provider as YARP does it: one hop, not two.
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        });
        // HTTP/2 where the provider speaks it (ALPN over TLS), else HTTP/1.1.
        _requestConfig = new ForwarderRequestConfig
        {
            ActivityTimeout = _options.ActivityTimeout,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    public async Task ForwardAsync(HttpContext context, string provider)
    {
        if (_endpoints.Find(provider) is not { } endpoint)
        {
            await ProviderErrors.WriteAsync(context, ProviderAuth.Bearer, StatusCodes.Status404NotFound,
                $"KeyKeeper has no provider named '{provider}'. Providers: {string.Join(", ", _endpoints.Names.Order(StringComparer.Ordinal))}.");
            return;
        }

        if (AppTokenHeaders.HasKeyInQuery(context.Request))
        {
            await ProviderErrors.WriteAsync(context, endpoint.Auth, StatusCodes.Status400BadRequest,
                $"Send the KeyKeeper app token in the {endpoint.KeyHeader} header, not in the URL: URLs end up in logs.");
            return;
        }

        if (!AccessToken.TryParse(AppTokenHeaders.Find(context.Request, endpoint), _tokenKey, out var kind, out var userName, out var secret) || kind != TokenKind.App)
        {
            await ProviderErrors.WriteAsync(context, endpoint.Auth, StatusCodes.Status401Unauthorized,
                $"Send a KeyKeeper app token (kka1.…) as the API key, in the {endpoint.KeyHeader} header.");
            return;
        }

        var grain = _grains.GetUserKeysGrain(userName);
        GatewayGrant grant;
        try
        {
            var caller = new CallerCredentials(secret, context.Connection.RemoteIpAddress?.ToString());
            grant = await grain.OpenKeyForGatewayAsync(caller, endpoint.Name);
        }
        catch (Exception e) when (ServiceExceptionHandler.AsRefusal(e) is { } refusal)
        {
            await ProviderErrors.WriteAsync(context, endpoint.Auth, ServiceExceptionHandler.Describe(refusal.Code).Status, refusal.Message, refusal.RetryAfter);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = _options.MaxRequestBodyMegabytes * 1024L * 1024L;
        }

        string? model;
        try
        {
            model = grant.Limits.Models is { Count: > 0 } ? await RequestedModel.ReadAsync(context.Request) : null;
        }
        catch (BadHttpRequestException e)
        {
            await ProviderErrors.WriteAsync(context, endpoint.Auth, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request is larger than the gateway takes ({_options.MaxRequestBodyMegabytes} MB)." : "The request's body could not be read.");
            return;
        }

        if (!grant.Limits.Allows(model))
        {
            await ProviderErrors.WriteAsync(context, endpoint.Auth, StatusCodes.Status403Forbidden, model is null
                ? "This app token may use only some models, and this request names none."
                : $"This app token may not use the model '{model}'.");
            return;
        }

        context.Request.Path.StartsWithSegments($"{RoutePrefix}/{provider}", out var path);
        var app = context.Response.Body;
        var meter = new UsageMeter(context.Response);
        context.Response.Body = meter;
        ForwarderError error;
        try
        {
            error = await _forwarder.SendAsync(context, endpoint.BaseUrl.AbsoluteUri, _client, _requestConfig, new KeyAttachingTransformer(endpoint, path, grant.Key.Value));
        }
        finally
        {
            context.Response.Body = app;
        }

        // What the provider answered; 0 when it could not be reached; null when the app gave up or sent a bad body before it answered.
        int? providerStatus = error is ForwarderError.None || context.Response.HasStarted ? context.Response.StatusCode
            : error is ForwarderError.RequestBodyClient or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled ? null : 0;
        if (error is not (ForwarderError.None or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled))
        {
            await RefuseAfterForwardingAsync(context, endpoint, error);
        }

        if (providerStatus is not { } status)
        {
            return;
        }

        // The app has its whole answer before the use is counted.
        meter.Complete();
        if (!context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.CompleteAsync();
        }

        var userKeyVersion = grant.Key.Source == KeySource.User ? grant.Key.Version : null;
        // One-way: sent now; the grain counts it in the token's limits and the ledger commits it (a failure is logged by the silo).
        await grain.RecordGatewayUseAsync(new GatewayUse(grant.AppTokenId, endpoint.Name, status, meter.InputTokens, meter.OutputTokens, userKeyVersion));
    }

    private async Task RefuseAfterForwardingAsync(HttpContext context, ProviderEndpoint endpoint, ForwarderError error)
    {
        var (status, message) = error switch
        {
            ForwarderError.RequestBodyClient when IsTooLarge(context.Features.Get<IForwarderErrorFeature>()?.Exception) =>
                (StatusCodes.Status413PayloadTooLarge, $"The request is larger than the gateway takes ({_options.MaxRequestBodyMegabytes} MB)."),
            ForwarderError.RequestBodyClient => (StatusCodes.Status400BadRequest, "The request's body could not be read."),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout, $"{endpoint.Name} sent nothing for {_options.ActivityTimeout.TotalSeconds:0} s."),
            _ => (StatusCodes.Status502BadGateway, $"{endpoint.Name} could not be reached ({error})."),
        };
        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogForwardingFailed(endpoint.Name, error);
        }

        if (!context.Response.HasStarted)
        {
            await ProviderErrors.WriteAsync(context, endpoint.Auth, status, message);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Kestrel's refusal of a body past the limit, as the forwarder saw it (wrapped in its own exceptions).</summary>
    private static bool IsTooLarge(Exception? exception) =>
        exception is not null && (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || IsTooLarge(exception.InnerException));

    [LoggerMessage(LogLevel.Warning, "The gateway's request to {Provider} failed: {Error}.")]
    private partial void LogForwardingFailed(string provider, ForwarderError error);
}

public static class ProviderGatewayExtensions
{
    public static IServiceCollection AddProviderGateway(this IServiceCollection services)
    {
        services.AddProviderEndpoints();
        services.AddValidatedSettings<GatewayOptions, GatewayOptions.Validator>(GatewayOptions.SectionName);
        services.AddHttpForwarder();
        services.AddSingleton<ProviderGateway>();
        return services;
    }

    /// <summary>Every method and path under <c>/proxy/{provider}</c>; not in the OpenAPI document, as it is each provider's own API.</summary>
    public static IEndpointConventionBuilder MapProviderGateway(this IEndpointRouteBuilder routes) =>
        routes.Map($"{ProviderGateway.RoutePrefix}/{{provider}}/{{**path}}", (HttpContext context, string provider, ProviderGateway gateway) => gateway.ForwardAsync(context, provider))
            .ExcludeFromDescription();
}
