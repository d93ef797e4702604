using KeyKeeper.Frontend.Apis;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.OpenApi;

/// <summary>Instances of the real types, serialized with the app's own JSON options, so an example cannot disagree with its schema.</summary>
internal static class ApiExamples
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    // Made-up values of the right shape; none is a real key or token.
    private const string OpenAiKey = "sk-proj-EXAMPLE.not.a.real.key.WXYZ";
    private const string SessionToken = "kk1.ada.Zm9vYmFyYmF6cXV4ZXhhbXBsZXNlc3Npb24";
    private const string AppToken = "kka1.ada.ZXhhbXBsZWFwcHRva2Vuc2VjcmV0MDEyMzQ1Njc4";

    public sealed record Example(string Name, string Summary, object Value);

    private static readonly Dictionary<Type, Example[]> ByType = new()
    {
        [typeof(SignUpRequest)] = [new("signUp", "A new account (email optional)", new SignUpRequest("ada", "plum velvet harbor 42", "ada@example.com"))],
        [typeof(SignedUp)] = [new("signedUp", "The normalized username", new SignedUp("ada"))],
        [typeof(LoginRequest)] =
        [
            new("password", "Username and password", new LoginRequest("ada", "plum velvet harbor 42", null)),
            new("withTotp", "With the authenticator's code (or a recovery code) when the account has 2FA", new LoginRequest("ada", "plum velvet harbor 42", "123456")),
        ],
        [typeof(LoginResponse)] = [new("session", "A login session's bearer token", new LoginResponse(SessionToken, Now.AddDays(7)))],
        [typeof(SaveKeyRequest)] = [new("openai", "An OpenAI key", new SaveKeyRequest(OpenAiKey))],
        [typeof(KeyEntry)] = [new("entry", "A stored key, masked", new KeyEntry("openai", "sk-proj-••••WXYZ", 3, Now, 12, false, true))],
        [typeof(IReadOnlyList<KeyEntry>)] =
        [
            new("entries", "The caller's keys", new List<KeyEntry>
            {
                new("openai", "sk-proj-••••WXYZ", 3, Now, 12, false, true),
                new("anthropic", "sk-ant-a••••9xQ2", 1, Now.AddDays(-120), 120, true, true),
            }),
        ],
        [typeof(CreateAppTokenRequest)] = [new("chatBackend", "A token for one app, for two providers", new CreateAppTokenRequest("chat-backend", ["openai", "anthropic"], Now.AddDays(90), "use", "the account's password", null))],
        [typeof(CreatedAppToken)] = [new("created", "The token is shown this once", new CreatedAppToken(AppTokenInfo, AppToken))],
        [typeof(IReadOnlyList<AppTokenInfo>)] = [new("tokens", "The live app tokens (never the tokens themselves)", new List<AppTokenInfo> { AppTokenInfo })],
        [typeof(KeyValueResponse)] =
        [
            new("user", "The user's own key", new KeyValueResponse("openai", "user", OpenAiKey, 3, Now.AddHours(-2))),
            new("deployment", "The deployment's default key (/effective only, when the user has none)", new KeyValueResponse("groq", "deployment", "gsk_EXAMPLE.not.a.real.key.abcd", null, null)),
        ],
        [typeof(RevealResponse)] = [new("revealed", "The plain value, for its owner", new RevealResponse("openai", OpenAiKey))],
    };

    private static AppTokenInfo AppTokenInfo => new("7f3c2a9e41d04b6c", "chat-backend", ["openai", "anthropic"], Now, Now.AddDays(90),
        new AppTokenLimits(RequestsPerMinute: 60, TokensPerDay: 200_000, Models: ["gpt-4o-mini", "claude-*"]));

    public static IReadOnlyList<Example> For(Type type) => ByType.GetValueOrDefault(type) ?? [];
}
