namespace KeyKeeper.Frontend.RateLimiting;

/// <summary>
/// Which of a page's forms are sign-in attempts under <see cref="RateLimits.SignIn"/>: a page is one endpoint for
/// all its forms, so the policy tells them apart by the handler Razor Pages would pick (route value, then query).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignInFormsAttribute(params string[] handlerMethods) : Attribute
{
    // "OnPostChangePasswordAsync" is the handler "ChangePassword".
    public IReadOnlyList<string> Handlers { get; } = [.. handlerMethods.Select(method => method["OnPost".Length..^"Async".Length])];

    public bool Includes(HttpContext context)
    {
        var handler = context.Request.RouteValues["handler"] as string is { Length: > 0 } routed ? routed : context.Request.Query["handler"].FirstOrDefault();
        return Handlers.Contains(handler, StringComparer.OrdinalIgnoreCase);
    }
}
