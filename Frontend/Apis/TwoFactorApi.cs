using KeyKeeper.Frontend.Authentication;
using KeyKeeper.Frontend.OpenApi;
using KeyKeeper.Frontend.RateLimiting;
using KeyKeeper.Grains.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KeyKeeper.Frontend.Apis;

/// <summary>TOTP two-factor authentication for the caller's account.</summary>
public static class TwoFactorApi
{
    public static RouteGroupBuilder MapTwoFactorApi(this IEndpointRouteBuilder routes)
    {
        var twoFactor = routes.MapGroup("/api/account/2fa").WithTags("Account").RequireAuthorization();
        twoFactor.MapGet("/", GetStatusAsync);
        twoFactor.MapPost("/enrol", EnrolAsync).ProducesProblem(StatusCodes.Status409Conflict);
        twoFactor.MapPost("/confirm", ConfirmAsync).RequireRateLimiting(RateLimits.SignIn)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        twoFactor.MapPost("/disable", DisableAsync).RequireRateLimiting(RateLimits.SignIn)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return twoFactor;
    }

    /// <summary>Whether 2FA is on, and how many recovery codes are left.</summary>
    public static async Task<Ok<TwoFactorStatus>> GetStatusAsync(Caller caller) =>
        TypedResults.Ok(await caller.Grain.GetTwoFactorStatusAsync(caller.Credentials));

    /// <summary>Start enrolling an authenticator: a TOTP secret, its otpauth URI and QR code.</summary>
    /// <response code="409">2FA is already on.</response>
    public static async Task<Ok<EnrolResponse>> EnrolAsync(Caller caller)
    {
        var enrolment = await caller.Grain.BeginTwoFactorEnrolmentAsync(caller.Credentials);
        return TypedResults.Ok(new EnrolResponse(enrolment.Secret, enrolment.OtpAuthUri, TwoFactorQrCode.DataUri(enrolment.OtpAuthUri)));
    }

    /// <summary>Confirm the enrolment with the password and a first code: 2FA is on, the recovery codes are shown this once, and every app token is revoked.</summary>
    /// <response code="403">The password is wrong (or the token is an app token).</response>
    /// <response code="409">There is no enrolment to confirm.</response>
    public static async Task<Results<Ok<RecoveryCodesResponse>, ValidationProblem>> ConfirmAsync(ConfirmTwoFactorRequest request, Caller caller)
    {
        var errors = AccountRules.CheckConfirmCode(request.Password, request.Code, out var code);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var confirmation = await caller.Grain.ConfirmTwoFactorAsync(caller.Credentials, request.Password!, code);
        return TypedResults.Ok(new RecoveryCodesResponse(confirmation.RecoveryCodes, confirmation.AppTokensRevoked));
    }

    /// <summary>Turn 2FA off, with the password and a current code; every app token is revoked.</summary>
    /// <response code="403">The password or the code is wrong (or the token is an app token).</response>
    /// <response code="409">2FA is not on.</response>
    public static async Task<Results<Ok<AppTokensRevokedResponse>, ValidationProblem>> DisableAsync(DisableTwoFactorRequest request, Caller caller)
    {
        var errors = AccountRules.CheckDisableTwoFactor(request.Password, request.Code, out var code);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(new AppTokensRevokedResponse(await caller.Grain.DisableTwoFactorAsync(caller.Credentials, request.Password!, code)));
    }
}

/// <param name="Secret">The base32 secret, for typing into an authenticator app.</param>
/// <param name="OtpAuthUri">The otpauth:// URI the QR code holds.</param>
/// <param name="QrCode">An SVG QR code of the URI as a data: URI.</param>
public sealed record EnrolResponse(string Secret, string OtpAuthUri, string QrCode);

/// <param name="Password">The account's password, asked again.</param>
/// <param name="Code">The first code of the authenticator being enrolled.</param>
public sealed record ConfirmTwoFactorRequest(string? Password, string? Code);

/// <param name="RecoveryCodes">One-time codes that stand in for the authenticator; shown this once.</param>
/// <param name="AppTokensRevoked">How many app tokens the change revoked: apps need new ones.</param>
public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes, int AppTokensRevoked);

/// <param name="AppTokensRevoked">How many app tokens the change revoked: apps need new ones.</param>
public sealed record AppTokensRevokedResponse(int AppTokensRevoked);

public sealed record DisableTwoFactorRequest(string? Password, string? Code);
