using System.Reflection;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;

namespace KeyKeeper.Frontend.Apis;

/// <summary>A provider name that fails binding is answered as the grain's own refusal of it would be, naming the parameter.</summary>
public static class ProviderNameBinding
{
    public static bool TakesProviderName(MethodInfo handler) => handler.GetParameters().Any(p => IsProviderName(p.ParameterType));

    public static KeyKeeperException? RefusalOf(IExceptionHandlerFeature? failure, HttpRequest request, Exception exception)
    {
        if (exception is not BadHttpRequestException || failure?.Endpoint?.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return null;
        }

        // Binding stops at the first parameter that fails: the first provider name that does not
        // parse is that one, else another parameter failed and the name is fine.
        foreach (var name in handler.GetParameters().Where(p => IsProviderName(p.ParameterType)).Select(p => p.Name!))
        {
            var raw = failure.RouteValues?.TryGetValue(name, out var routed) == true ? routed?.ToString()
                : request.Query.TryGetValue(name, out var queried) ? queried.ToString()
                : null;
            if (raw is not null && !ProviderName.TryParse(raw, out _))
            {
                return Refusal(name);
            }
        }

        return null;
    }

    /// <summary>A page handler gets no value for a name that did not bind (malformed or missing).</summary>
    public static KeyKeeperException? RefusalOf(HandlerMethodDescriptor? handler, IDictionary<string, object?> arguments) =>
        handler?.Parameters.FirstOrDefault(p => p.ParameterType == typeof(ProviderName)
            && !(arguments.TryGetValue(p.Name, out var bound) && bound is ProviderName { Value: not null })) is { } unbound
            ? Refusal(unbound.Name)
            : null;

    private static bool IsProviderName(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(ProviderName);

    private static KeyKeeperException Refusal(string parameter) => KeyKeeperException.InvalidInput(parameter, ProviderName.Rule);
}
