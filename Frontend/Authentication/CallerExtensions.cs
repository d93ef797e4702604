using System.Security.Claims;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Authentication;

/// <summary>Gets the authenticated caller's own grain: key routes can reach no other user's.</summary>
public static class CallerExtensions
{
    public static IUserKeysGrain CallerGrain(this IGrainFactory grains, ClaimsPrincipal user) =>
        grains.GetUserKeysGrain(user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The caller is not authenticated."));
}
