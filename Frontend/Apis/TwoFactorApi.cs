using KeyKeeper.Frontend.Authentication;
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
        twoFactor.MapPost("/enrol", EnrolAsync);
        twoFactor.MapPost("/confirm", ConfirmAsync).RequireRateLimiting(RateLimits.SignIn);
        twoFactor.MapPost("/disable", DisableAsync).RequireRateLimiting(RateLimits.SignIn);
        return twoFactor;
    }

    public static async Task<Ok<TwoFactorStatus>> GetStatusAsync(Caller caller) =>
        TypedResults.Ok(await caller.Grain.GetTwoFactorStatusAsync(caller.Credentials));

    public static async Task<Ok<EnrolResponse>> EnrolAsync(Caller caller)
    {
        var enrolment = await caller.Grain.BeginTwoFactorEnrolmentAsync(caller.Credentials);
        return TypedResults.Ok(new EnrolResponse(enrolment.Secret, enrolment.OtpAuthUri, TwoFactorQrCode.DataUri(enrolment.OtpAuthUri)));
    }

    public static async Task<Results<Ok<RecoveryCodesResponse>, ValidationProblem>> ConfirmAsync(ConfirmTwoFactorRequest request, Caller caller)
    {
        var errors = AccountRules.CheckConfirmCode(request.Code, out var code);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await caller.Grain.ConfirmTwoFactorAsync(caller.Credentials, code) is { } recoveryCodes
            ? TypedResults.Ok(new RecoveryCodesResponse(recoveryCodes))
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [AccountRules.WrongConfirmCode] });
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DisableAsync(DisableTwoFactorRequest request, Caller caller)
    {
        var errors = AccountRules.CheckDisableTwoFactor(request.Password, request.Code, out var code);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await caller.Grain.DisableTwoFactorAsync(caller.Credentials, request.Password!, code)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not turned off",
                detail: AccountRules.TwoFactorStillOn);
    }
}

/// <param name="Secret">The base32 secret, for typing into an authenticator app.</param>
/// <param name="OtpAuthUri">The otpauth:// URI the QR code holds.</param>
/// <param name="QrCode">An SVG QR code of the URI as a data: URI.</param>
public sealed record EnrolResponse(string Secret, string OtpAuthUri, string QrCode);

public sealed record ConfirmTwoFactorRequest(string? Code);

/// <param name="RecoveryCodes">One-time codes that stand in for the authenticator; shown this once.</param>
public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

public sealed record DisableTwoFactorRequest(string? Password, string? Code);
