using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Frontend.OpenApi;
using KeyKeeper.Frontend.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KeyKeeper.Frontend.Apis;

/// <summary>Sign-up, login and logout.</summary>
public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/api/account").WithTags("Account");
        account.MapPost("/signup", SignUpAsync).RequireRateLimiting(RateLimits.SignUp)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        account.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimits.SignIn)
            .ProducesProblem(StatusCodes.Status401Unauthorized, "twoFactorRequired", typeof(bool),
                "True when the account has two-factor authentication and the code was missing or wrong: send it as 'totp'.");
        account.MapPost("/logout", LogoutAsync).RequireAuthorization();
        account.MapGet("/sessions", ListSessionsAsync).RequireAuthorization();
        account.MapDelete("/sessions/{id}", RevokeSessionAsync).RequireAuthorization().ProducesProblem(StatusCodes.Status404NotFound);
        account.MapPost("/password", ChangePasswordAsync).RequireAuthorization().RequireRateLimiting(RateLimits.SignIn)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return account;
    }

    /// <summary>Create an account.</summary>
    /// <remarks>Usernames are case-insensitive (normalized to lower case, Unicode NFC), up to 64 letters, digits and <c>. _ - @</c>; passwords 12–1024 characters and not a common one.</remarks>
    /// <response code="409">The username is taken.</response>
    public static async Task<Results<Created<SignedUp>, ValidationProblem>> SignUpAsync(SignUpRequest request, IGrainFactory grains)
    {
        var errors = AccountRules.CheckSignUp(request.Username, request.Password, request.Email, out var userName, out var email);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await grains.GetUserKeysGrain(userName).SignUpAsync(request.Password!, email);
        return TypedResults.Created("/api/keys", new SignedUp(userName));
    }

    /// <summary>Log in: get a session's bearer token.</summary>
    /// <remarks>With 2FA on, send the authenticator's current code (or a recovery code) as <c>totp</c>. Wrong passwords and codes lock the account for a while (429).</remarks>
    /// <response code="401">Wrong username, password or code; <c>twoFactorRequired</c> says whether a code is needed.</response>
    public static async Task<Results<Ok<LoginResponse>, ValidationProblem>> LoginAsync(LoginRequest request, IGrainFactory grains, HttpContext http)
    {
        var errors = AccountRules.CheckLogin(request.Username, request.Password, out var userName);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var token = await grains.GetUserKeysGrain(userName).LoginAsync(new LoginAttempt(request.Password!, request.Totp, http.Connection.RemoteIpAddress?.ToString()));
        return TypedResults.Ok(new LoginResponse(token.Token, token.ExpiresAt));
    }

    /// <summary>List the live sessions, newest first.</summary>
    public static async Task<Ok<IReadOnlyList<SessionInfo>>> ListSessionsAsync(Caller caller) =>
        TypedResults.Ok(await caller.Grain.ListSessionsAsync(caller.Credentials));

    /// <summary>Revoke a session: its token stops working at once.</summary>
    /// <response code="404">There is no live session with this id.</response>
    public static async Task<NoContent> RevokeSessionAsync(string id, Caller caller)
    {
        await caller.Grain.RevokeSessionAsync(caller.Credentials, id);
        return TypedResults.NoContent();
    }

    /// <summary>Change the password; every other session and every app token is revoked (the answer says how many app tokens).</summary>
    /// <response code="403">The current password is wrong (or the token is an app token).</response>
    public static async Task<Results<Ok<AppTokensRevokedResponse>, ValidationProblem>> ChangePasswordAsync(ChangePasswordRequest request, Caller caller)
    {
        var errors = AccountRules.CheckPasswordChange(request.CurrentPassword, request.NewPassword);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(new AppTokensRevokedResponse(await caller.Grain.ChangePasswordAsync(caller.Credentials, request.CurrentPassword!, request.NewPassword!)));
    }

    /// <summary>Log out: the caller's token is revoked.</summary>
    public static async Task<NoContent> LogoutAsync(Caller caller)
    {
        await caller.Grain.LogoutAsync(caller.Credentials);
        return TypedResults.NoContent();
    }
}

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record SignUpRequest(string? Username, string? Password, string? Email);

public sealed record SignedUp(string Username);

/// <param name="Username">The username (any case).</param>
/// <param name="Password">The password.</param>
/// <param name="Totp">The current code from the authenticator app, or a recovery code, when the account has 2FA.</param>
public sealed record LoginRequest(string? Username, string? Password, string? Totp);

public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt);
