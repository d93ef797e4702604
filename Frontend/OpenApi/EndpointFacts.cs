using System.Reflection;
using KeyKeeper.Frontend.Apis;
using KeyKeeper.Frontend.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;

namespace KeyKeeper.Frontend.OpenApi;

/// <summary>The conventions in this folder read a route's own metadata, not a list of routes, so a new route is described the same way.</summary>
internal sealed record EndpointFacts(
    bool Authorized, bool UsesAppToken, bool RateLimited, bool HasBody, bool HasFallibleParameters, bool TakesProviderName, bool UsesKeyStore, Type? BodyType)
{
    public static EndpointFacts Of(ApiDescription description)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var body = description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
        var handler = metadata.OfType<MethodInfo>().FirstOrDefault();
        return new EndpointFacts(
            Authorized: authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any(),
            UsesAppToken: authorize.Any(a => a.Policy == KeyKeeperPolicies.UseKeys),
            RateLimited: metadata.OfType<EnableRateLimitingAttribute>().Any(),
            HasBody: body is not null,
            HasFallibleParameters: description.ParameterDescriptions.Any(CanFailToBind),
            TakesProviderName: handler is not null && ProviderNameBinding.TakesProviderName(handler),
            UsesKeyStore: handler?.GetParameters().Any(p => p.ParameterType == typeof(Caller) || typeof(IGrainFactory).IsAssignableFrom(p.ParameterType)) == true,
            BodyType: body?.Type);
    }

    // A string never fails to bind; a route parameter with a constraint that does not match is a 404, not a 400.
    private static bool CanFailToBind(ApiParameterDescription parameter) =>
        parameter.Type != typeof(string)
        && (parameter.Source == BindingSource.Query
            || parameter.Source == BindingSource.Header
            || (parameter.Source == BindingSource.Path && parameter.RouteInfo?.Constraints?.Any() != true));
}
