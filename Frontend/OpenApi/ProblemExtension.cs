namespace KeyKeeper.Frontend.OpenApi;

/// <summary>A member a route adds to one of its ProblemDetails responses, so the document's schema lists it.</summary>
public sealed record ProblemExtension(int StatusCode, string Name, Type Type, string Description);
