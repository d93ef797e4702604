namespace KeyKeeper.Frontend.OpenApi;

/// <summary>Route conventions for ProblemDetails responses that carry more than the standard members.</summary>
public static class ProblemExtensionConventions
{
    public static RouteHandlerBuilder ProducesProblem(this RouteHandlerBuilder builder, int statusCode, string name, Type type, string description) =>
        builder.ProducesProblem(statusCode).WithMetadata(new ProblemExtension(statusCode, name, type, description));

    /// <summary>The 412 of check-and-set; ServiceExceptionHandler puts <c>currentVersion</c> in the body.</summary>
    public static RouteHandlerBuilder ProducesVersionConflict(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status412PreconditionFailed, "currentVersion", typeof(int),
            "The key's current version: reload it (GET /api/keys/{provider}) and retry with If-Match: \"<currentVersion>\".");
}
