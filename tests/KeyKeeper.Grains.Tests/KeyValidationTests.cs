using KeyKeeper.Grains.Abstractions;
using KeyKeeper.ServiceDefaults.Providers;
using KeyKeeper.Silo.Maintenance;
using KeyKeeper.Silo.Validation;
using KeyKeeper.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KeyKeeper.Grains.Tests;

/// <summary>Checking keys with their providers, against the fixture's stand-in provider on loopback.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KeyValidationTests(ClusterFixture fixture)
{
    private StandInProvider Provider => fixture.Provider;

    [Fact]
    public async Task AValidKeyIsRecordedAsValidWithTheTimeAndAnAuditRecord()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue("openai");
        await user.SaveKeyAsync("openai", value);
        Provider.Answer(value, 200);
        var before = DateTimeOffset.UtcNow;

        var validation = await user.Grain.ValidateKeyAsync(user.Credentials, "openai");

        Assert.Equal((KeyValidationStatus.Valid, "HTTP 200"), (validation.Status, validation.Detail));
        Assert.InRange(validation.CheckedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(validation.CheckedAt, validation.LastValidAt);
        await fixture.DeactivateAllAsync();
        Assert.Equal(validation, (await user.GetKeyAsync("openai")).Validation);
        Assert.Equal(validation, Assert.Single(await user.ListKeysAsync()).Validation);
        var audit = (await user.GetAuditAsync("openai")).Items[0];
        Assert.Equal((AuditAction.Validated, 1, "203.0.113.7"), (audit.Action, audit.Version, audit.ClientAddress));
        Assert.NotNull(audit.SessionId);
    }

    [Theory]
    [InlineData("openai", "authorization", "Bearer ")]
    [InlineData("anthropic", "x-api-key", "")]
    [InlineData("google", "x-goog-api-key", "")]
    public async Task TheKeyTravelsInTheProvidersHeaderOnlyNeverInTheUrl(string provider, string header, string prefix)
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue(provider);
        await user.SaveKeyAsync(provider, value);
        Provider.Answer(value, 200);

        Assert.Equal(KeyValidationStatus.Valid, (await user.Grain.ValidateKeyAsync(user.Credentials, provider)).Status);

        var request = Assert.Single(Provider.RequestsWith(value));
        Assert.Equal(prefix + value, request.Headers[header]);
        Assert.DoesNotContain(value, request.Line, StringComparison.Ordinal);
        Assert.Single(request.Headers.Values, headerValue => headerValue.Contains(value, StringComparison.Ordinal));
        Assert.StartsWith("GET /v1", request.Line, StringComparison.Ordinal);
        Assert.Equal(provider == "anthropic" ? "2023-06-01" : null, request.Headers.GetValueOrDefault("anthropic-version"));

        // The HttpClient logs (at Trace in these silos) name the header but never its value.
        Assert.Contains(LogLeakDetector.Shared.Lines, line => line.Contains("System.Net.Http.HttpClient.key-validation", StringComparison.Ordinal)
            && line.Contains($"{header}: *", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(401, KeyValidationStatus.Revoked)]
    [InlineData(403, KeyValidationStatus.Revoked)]
    [InlineData(429, KeyValidationStatus.RateLimited)]
    [InlineData(503, KeyValidationStatus.Unreachable)]
    [InlineData(404, KeyValidationStatus.Unreachable)]
    public async Task EachAnswerOfTheProviderIsRecordedAndTheLastGoodTimeIsKept(int answer, KeyValidationStatus expected)
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var value = TestUsers.NewKeyValue("openai");
        await user.SaveKeyAsync("openai", value);
        Provider.Answer(value, 200);
        var good = await user.Grain.ValidateKeyAsync(user.Credentials, "openai");
        Provider.Answer(value, answer);

        var validation = await user.Grain.ValidateKeyAsync(user.Credentials, "openai");

        Assert.Equal((expected, good.CheckedAt), (validation.Status, validation.LastValidAt));
        Assert.True(validation.CheckedAt >= good.CheckedAt);
        Assert.Contains(answer.ToString(System.Globalization.CultureInfo.InvariantCulture), validation.Detail);
        Assert.Equal(validation, (await user.GetKeyAsync("openai")).Validation);
        // Asked once per check: nothing retries a refused or rate-limited key.
        Assert.Equal(2, Provider.RequestsWith(value).Count);
    }

    [Fact]
    public async Task AStoppedOrSlowProviderIsUnreachable()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        await user.SaveKeyAsync("groq", TestUsers.NewKeyValue("groq"));
        var slow = TestUsers.NewKeyValue("openai");
        await user.SaveKeyAsync("openai", slow);
        Provider.Answer(slow, 200, delay: ClusterFixture.ValidationTimeout + TimeSpan.FromSeconds(1));

        var stopped = await user.Grain.ValidateKeyAsync(user.Credentials, "groq");
        var timedOut = await user.Grain.ValidateKeyAsync(user.Credentials, "openai");

        Assert.Equal((KeyValidationStatus.Unreachable, null), (stopped.Status, stopped.LastValidAt));
        Assert.Contains("ConnectionError", stopped.Detail);
        Assert.Equal((KeyValidationStatus.Unreachable, "No answer within 2 s."), (timedOut.Status, timedOut.Detail));
        Assert.Equal([KeyValidationStatus.Unreachable, KeyValidationStatus.Unreachable],
            (await user.ListKeysAsync()).Select(entry => entry.Validation!.Status));
    }

    [Fact]
    public async Task ANewVersionStartsUncheckedAndAnAppTokenLearnsWhenTheKeyWasLastKnownGood()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var first = TestUsers.NewKeyValue("openai");
        await user.SaveKeyAsync("openai", first);
        var created = await user.Grain.CreateAppTokenAsync(user.Credentials, new AppTokenRequest("chat-backend", ["openai"], DateTimeOffset.UtcNow.AddDays(1)), TestUsers.Proof);
        Assert.True(AccessToken.TryParse(created.Token, ClusterFixture.TokenKey, out _, out _, out var secret));
        var app = new CallerCredentials(secret, "198.51.100.9");
        Assert.Null((await user.Grain.UseKeyAsync(app, "openai", deploymentKeyAllowed: true)).LastKnownGood);

        Provider.Answer(first, 200);
        var good = await user.Grain.ValidateKeyAsync(user.Credentials, "openai");
        Provider.Answer(first, 401);
        Assert.Equal(KeyValidationStatus.Revoked, (await user.Grain.ValidateKeyAsync(user.Credentials, "openai")).Status);

        // Refused since, but the app learns when the value last worked.
        Assert.Equal(good.CheckedAt, (await user.Grain.UseKeyAsync(app, "openai", deploymentKeyAllowed: true)).LastKnownGood);

        await user.SaveKeyAsync("openai", TestUsers.NewKeyValue("openai"));
        Assert.Null((await user.GetKeyAsync("openai")).Validation);
        Assert.Null((await user.Grain.UseKeyAsync(app, "openai", deploymentKeyAllowed: true)).LastKnownGood);

        // A restore is a new version too: the old value's verdict does not carry over.
        await user.RestoreVersionAsync("openai", 1);
        Assert.Null((await user.GetKeyAsync("openai")).Validation);
    }

    [Fact]
    public async Task NoKeyAndAProviderWithoutAnEndpointAreNotCheckedAndNothingIsRecorded()
    {
        var user = await TestUsers.SignUpAsync(fixture.Grains);
        var mistral = TestUsers.NewKeyValue("mistral");
        await user.SaveKeyAsync("mistral", mistral);

        await AssertFails(FailureCode.NotFound, () => user.Grain.ValidateKeyAsync(user.Credentials, "openai"));
        var notCheckable = await user.Grain.ValidateKeyAsync(user.Credentials, "mistral");

        Assert.Equal(KeyValidationStatus.NotCheckable, notCheckable.Status);
        Assert.Null((await user.GetKeyAsync("mistral")).Validation);
        Assert.Empty(Provider.RequestsWith(mistral));
        Assert.DoesNotContain((await user.GetAuditAsync()).Items, entry => entry.Action == AuditAction.Validated);
        await AssertFails(FailureCode.SessionRejected, () => user.Grain.ValidateKeyAsync(new CallerCredentials("not-a-session", null), "mistral"));
    }

    [Fact]
    public async Task ThePeriodicCheckAsksOnlyAboutKeysWhoseLastCheckIsOlderThanTheInterval()
    {
        var fresh = await TestUsers.SignUpAsync(fixture.Grains);
        var freshValue = TestUsers.NewKeyValue("anthropic");
        await fresh.SaveKeyAsync("anthropic", freshValue);
        Provider.Answer(freshValue, 200);
        await fresh.Grain.ValidateKeyAsync(fresh.Credentials, "anthropic");
        var due = await TestUsers.SignUpAsync(fixture.Grains);
        var dueValue = TestUsers.NewKeyValue("google");
        await due.SaveKeyAsync("google", dueValue);
        Provider.Answer(dueValue, 200);
        var deleted = TestUsers.NewKeyValue("openai");
        await due.SaveKeyAsync("openai", deleted);
        await due.DeleteKeyAsync("openai");

        var sweeper = ActivatorUtilities.CreateInstance<KeyValidationSweeper>(fixture.SiloServices,
            Options.Create(new KeyValidationOptions { Interval = TimeSpan.FromHours(1) }));
        Assert.True(await sweeper.SweepAsync(CancellationToken.None) >= 1);

        var swept = (await due.GetKeyAsync("google")).Validation!;
        Assert.Equal(KeyValidationStatus.Valid, swept.Status);
        Assert.Single(Provider.RequestsWith(freshValue));
        Assert.Single(Provider.RequestsWith(dueValue));
        Assert.Empty(Provider.RequestsWith(deleted));
        var audit = (await due.GetAuditAsync("google")).Items[0];
        Assert.Equal((AuditAction.Validated, null), (audit.Action, audit.SessionId));

        // Checked just now: the next sweep leaves it alone; the grain itself agrees.
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.Single(Provider.RequestsWith(dueValue));
        Assert.Equal(0, await fixture.Grains.GetGrain<IUserKeysMaintenance>(UserKeysGrainKey.For(due.Name)).ValidateDueKeysAsync(swept.CheckedAt.AddSeconds(-1)));
        Assert.Equal(1, await fixture.Grains.GetGrain<IUserKeysMaintenance>(UserKeysGrainKey.For(due.Name)).ValidateDueKeysAsync(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void EndpointsThatWouldSendKeysInTheClearAreRefusedAtStartUp()
    {
        var validator = new ProviderSettings.Validator();
        ProviderSettings With(string provider, string? url) => new() { [provider] = new ProviderSettings.Endpoint { BaseUrl = url } };

        Assert.True(validator.Validate(null, With("openai", "http://127.0.0.1:8080/v1")).Succeeded);
        Assert.True(validator.Validate(null, With("mistral", "https://api.mistral.ai/v1")).Succeeded);
        Assert.True(validator.Validate(null, With("openai", "http://api.openai.com/v1")).Failed);
        Assert.True(validator.Validate(null, With("openai", "https://user:pass@api.openai.com/v1")).Failed);
        Assert.True(validator.Validate(null, With("openai", "https://api.openai.com/v1?key=x")).Failed);
        Assert.True(validator.Validate(null, With("mistral", null)).Failed);
        Assert.True(validator.Validate(null, With("Mistral AI", "https://api.mistral.ai/v1")).Failed);
        Assert.True(new KeyValidationOptionsValidator().Validate(null, new KeyValidationOptions { Interval = TimeSpan.FromSeconds(5) }).Failed);
    }

    [Theory]
    [InlineData("openai", "https://api.openai.com/v1/models")]
    [InlineData("groq", "https://api.groq.com/openai/v1/models")]
    [InlineData("anthropic", "https://api.anthropic.com/v1/models")]
    [InlineData("google", "https://generativelanguage.googleapis.com/v1beta/models")]
    public void ABuiltInProvidersKeyIsCheckedByListingItsModels(string provider, string url) =>
        Assert.Equal(url, ProviderEndpoints.BuiltIn[provider].ModelsUrl.AbsoluteUri);
}
