using System.Security.Claims;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>The caller's own grain, bound as an endpoint parameter, so key routes can reach no other user's grain.</summary>
public sealed record Caller(string UserName, IUserKeysGrain Grain, CallerCredentials Credentials)
{
    public static ValueTask<Caller?> BindAsync(HttpContext context)
    {
        var userName = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userName is null || context.Items[typeof(BearerTokenHandler.TokenSecret)] is not BearerTokenHandler.TokenSecret secret)
        {
            throw new InvalidOperationException("Caller is only available on routes that require authorization.");
        }

        var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
        var credentials = new CallerCredentials(secret.Value, context.Connection.RemoteIpAddress?.ToString());
        return ValueTask.FromResult<Caller?>(new Caller(userName, grains.GetUserKeysGrain(userName), credentials));
    }
}
