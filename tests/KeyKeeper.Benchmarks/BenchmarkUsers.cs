using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KeyKeeper.Benchmarks;

/// <summary>
/// Users made through the real API (sign-up, login, a full history of every provider's key), and
/// requests that activate or time user grains.
/// </summary>
public sealed class BenchmarkUsers
{
    public static readonly string[] Providers = ["bench-1", "bench-2", "bench-3", "bench-4"];

    /// <summary>
    /// Saves per provider at set-up: as many versions as the service keeps, so a user's row is
    /// already as large as the save-key load will make it, and pgbench upserts rows of that size.
    /// </summary>
    public const int VersionsPerProvider = 10;

    private const string Password = "benchmark password 0123456789";

    private BenchmarkUsers(IReadOnlyList<string> tokens) => Tokens = tokens;

    /// <summary>Bearer tokens, one per user, in user order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Heavy users: every provider, with as many versions as the service keeps.</summary>
    public static Task<BenchmarkUsers> CreateAsync(HttpClient http, int count, int parallelism, CancellationToken cancellation) =>
        CreateAsync(http, count, parallelism, new UserShape("bench-user", Providers.Length, VersionsPerProvider), cancellation);

    public static async Task<BenchmarkUsers> CreateAsync(HttpClient http, int count, int parallelism, UserShape shape, CancellationToken cancellation)
    {
        var tokens = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
            async (i, ct) =>
            {
                var name = shape.NameOf(i);
                var signUp = await http.PostAsJsonAsync("/api/account/signup", new { username = name, password = Password }, ct);
                Expect(signUp, HttpStatusCode.Created, "sign-up");
                var login = await http.PostAsJsonAsync("/api/account/login", new { username = name, password = Password }, ct);
                Expect(login, HttpStatusCode.OK, "login");
                var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;
                for (var version = 0; version < shape.Versions; version++)
                {
                    foreach (var provider in Providers.Take(shape.Providers))
                    {
                        using var save = Authorized(HttpMethod.Put, $"/api/keys/{provider}", token,
                            new { value = $"sk-bench-initial-{i}-{provider}-{version}-{new string('x', 64)}" });
                        Expect(await http.SendAsync(save, ct), HttpStatusCode.OK, "saving a key");
                    }
                }

                tokens[i] = token;
            });
        return new BenchmarkUsers(tokens);
    }

    /// <summary>
    /// An app token per user for <paramref name="provider"/>, in user order, made as the account's
    /// owner makes one: with the login session and the password (a PBKDF2 check each).
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateAppTokensAsync(HttpClient http, string provider, int parallelism, CancellationToken cancellation)
    {
        var appTokens = new string[Tokens.Count];
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);
        await Parallel.ForEachAsync(Enumerable.Range(0, Tokens.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
            async (i, ct) =>
            {
                using var create = Authorized(HttpMethod.Post, "/api/account/app-tokens", Tokens[i],
                    new { name = "bench", providers = new[] { provider }, expiresAt, password = Password });
                using var created = await http.SendAsync(create, ct);
                Expect(created, HttpStatusCode.Created, "creating an app token");
                appTokens[i] = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("token").GetString()!;
            });
        return appTokens;
    }

    /// <summary>The name of the <paramref name="i"/>th heavy user; not hexadecimal, which Orleans would read as an integer key.</summary>
    public static string NameOf(int i) => $"bench-user-{i:D6}";

    /// <summary>What each user of a group holds: the first <see cref="Providers"/> of the benchmark's providers, <see cref="Versions"/> saves each.</summary>
    public sealed record UserShape(string NamePrefix, int Providers, int Versions)
    {
        /// <summary>A light user: one key, a few versions.</summary>
        public static readonly UserShape Light = new("bench-light", 1, 3);

        public string NameOf(int i) => $"{NamePrefix}-{i:D6}";
    }

    /// <summary>
    /// A token of the right shape for a user who does not exist, without the silos' signature: the
    /// frontend refuses it with 401 before any grain call, which warms the refusal path.
    /// </summary>
    public static string PlaceholderToken(string prefix, int i) =>
        $"kk1.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{prefix}-{i:D7}"))}.{new string('A', 43)}";

    /// <summary>Times GET /api/keys with each token, <paramref name="parallelism"/> at once; latencies in ms.</summary>
    public static async Task<List<double>> TimeListRequestsAsync(
        HttpClient http, IEnumerable<string> tokens, int parallelism, HttpStatusCode expected, CancellationToken cancellation)
    {
        var latencies = new List<double>();
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation },
            async (token, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/keys");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request, ct);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Expect(response, expected, "listing keys");
                lock (latencies)
                {
                    latencies.Add(elapsed);
                }
            });
        return latencies;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, expected {(int)expected}: {response.Content.ReadAsStringAsync().Result}");
        }
    }
}
