namespace KeyKeeper.Frontend.OpenApi;

/// <summary>
/// A member a route adds to one of its ProblemDetails responses (e.g. <c>currentVersion</c> on a
/// 412), so the document's schema for that response lists it. Added with
/// <see cref="ProblemExtensionConventions.ProducesProblem(RouteHandlerBuilder, int, string, Type, string)"/>.
/// </summary>
public sealed record ProblemExtension(int StatusCode, string Name, Type Type, string Description);
