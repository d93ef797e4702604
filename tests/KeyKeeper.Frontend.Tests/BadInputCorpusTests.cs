using System.Net;
using System.Text;
using KeyKeeper.Grains.Abstractions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// Hundreds of malformed, oversized, wrongly encoded and hostile requests against every route:
/// each gets a 4xx (never a 5xx), nothing is stored or changed, and the service stays healthy.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BadInputCorpusTests(AppFixture fixture)
{
    private static readonly string[] Hostile =
    [
        "' OR '1'='1", "'; DROP TABLE grain_state; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://x}",
        "../../etc/passwd", "..\\..\\windows", "%00", "\u0000", "line\nbreak", "tab\there", "\u202Eevil", "\uFEFFbom",
        "ＯＰＥＮＡＩ", "open ai", "OpenAI", "open_ai", "😀", "a/b", "a?b=c", "#frag", new string('a', 33), new string('x', 5000),
    ];

    [Fact]
    public async Task HostileRequestsGetA4xxStoreNothingAndLeaveTheServiceHealthy()
    {
        using var client = fixture.CreateClient();
        var ownerName = $"victim-{Guid.NewGuid():N}"[..24];
        var owner = await ApiClient.SignUpAndLoginAsync(client, ownerName);
        await client.SaveKeyAsync(owner, "openai", "sk-victiPADDING01234m-0123456789abcdefghijkl");
        var keysBefore = string.Join('|', (await client.ListKeysAsync(owner)).Select(k => k.ToString()));
        var rowsBefore = await CountRowsAsync();

        var requests = Corpus(owner, ownerName).ToList();
        var failures = new List<string>();
        foreach (var (description, request) in requests)
        {
            using (request)
            {
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request);
                }
                catch (HttpRequestException e)
                {
                    failures.Add($"{description}: no answer ({e.Message})");
                    continue;
                }

                using (response)
                {
                    var status = (int)response.StatusCode;
                    if (status is < 400 or >= 500)
                    {
                        failures.Add($"{description}: {status} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
        }

        Assert.True(requests.Count >= 300, $"Only {requests.Count} requests in the corpus.");
        Assert.Empty(failures);
        Assert.Equal(rowsBefore, await CountRowsAsync());
        Assert.Equal(keysBefore, string.Join('|', (await client.ListKeysAsync(owner)).Select(k => k.ToString())));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    /// <summary>
    /// The rows and every user's state, less the count of failed attempts: wrong passwords aimed at
    /// the owner are rightly counted towards the lockout, and change nothing else.
    /// </summary>
    private async Task<string?> CountRowsAsync() =>
        Assert.Single(await fixture.Postgres.QueryAsync(AppFixture.Database, """
            SELECT count(*) || ':' || md5(string_agg(CASE WHEN grain_type = 'user-keys'
                THEN (split_part(convert_from(payload, 'UTF8'), E'\n', 2)::jsonb - 'Throttle')::text END, ',' ORDER BY grain_id_string))
            FROM grain_state
            """));

    private static IEnumerable<(string, HttpRequestMessage)> Corpus(string owner, string ownerName)
    {
        var badTokens = new List<string?>
        {
            null, "", "Bearer", "kk1.", "kk1..", "kk1.a.b", "kk1.!!!.!!!", "Basic dXNlcjpwYXNz",
            "kk1." + Base64Url(ownerName) + "." + new string('A', 43),
            "kk1." + Base64Url(ownerName.ToUpperInvariant()) + "." + owner.Split('.')[2],
            "kk1." + Base64Url("' OR 1=1 --") + "." + owner.Split('.')[2],
            owner + "x", owner[..^1], owner.Replace("kk1.", "kk2."), new string('k', 600),
        };
        // HttpClient sends only ASCII headers: non-ASCII fragments go percent-encoded, as a raw client might.
        badTokens.AddRange(Hostile.Select(h => h.All(char.IsAscii) ? h : Uri.EscapeDataString(h)));

        // Invalid or foreign tokens on every key route and on logout.
        foreach (var token in badTokens)
        {
            foreach (var (method, path) in new[]
            {
                ("GET", "/api/keys"), ("GET", "/api/keys/openai"), ("PUT", "/api/keys/openai"), ("DELETE", "/api/keys/openai"),
                ("POST", "/api/keys/openai/reveal"), ("POST", "/api/keys/openai/undelete"), ("GET", "/api/keys/openai/versions"),
                ("POST", "/api/keys/openai/versions/1/restore"), ("GET", "/api/deleted-keys"), ("GET", "/api/audit"),
                ("GET", "/api/account/sessions"), ("DELETE", "/api/account/sessions/0123456789abcdef"), ("POST", "/api/account/logout"),
                ("GET", "/api/account/2fa"), ("POST", "/api/account/2fa/enrol"), ("POST", "/api/account/2fa/confirm"), ("POST", "/api/account/2fa/disable"),
                ("GET", "/api/account/app-tokens"), ("POST", "/api/account/app-tokens"), ("DELETE", "/api/account/app-tokens/0123456789abcdef"),
                ("GET", "/api/keys/openai/value"), ("GET", "/api/keys/openai/effective"),
            })
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path);
                request.Headers.TryAddWithoutValidation("Authorization", token is null ? null : "Bearer " + token);
                if (method == "PUT")
                {
                    request.Content = Json("{\"value\":\"sk-attacPADDING0123456ker-0123456789abcdefgh\"}");
                }

                yield return ($"{method} {path} with token '{Shorten(token)}'", request);
            }
        }

        // Hostile provider names, with the owner's valid token.
        foreach (var provider in Hostile)
        {
            var escaped = Uri.EscapeDataString(provider);
            yield return ($"PUT provider '{Shorten(provider)}'", Authorized(HttpMethod.Put, $"/api/keys/{escaped}", owner, Json("{\"value\":\"sk-validPADDING0123456789-0123456789abcdefgh\"}")));
            yield return ($"DELETE provider '{Shorten(provider)}'", Authorized(HttpMethod.Delete, $"/api/keys/{escaped}", owner));
            yield return ($"reveal provider '{Shorten(provider)}'", Authorized(HttpMethod.Post, $"/api/keys/{escaped}/reveal", owner));
            yield return ($"versions of provider '{Shorten(provider)}'", Authorized(HttpMethod.Get, $"/api/keys/{escaped}/versions", owner));
            yield return ($"restore provider '{Shorten(provider)}'", Authorized(HttpMethod.Post, $"/api/keys/{escaped}/versions/1/restore", owner));
            yield return ($"undelete provider '{Shorten(provider)}'", Authorized(HttpMethod.Post, $"/api/keys/{escaped}/undelete", owner));
            yield return ($"audit of provider '{Shorten(provider)}'", Authorized(HttpMethod.Get, $"/api/audit?provider={escaped}", owner));
            yield return ($"revoke session '{Shorten(provider)}'", Authorized(HttpMethod.Delete, $"/api/account/sessions/{escaped}", owner));
            yield return ($"revoke app token '{Shorten(provider)}'", Authorized(HttpMethod.Delete, $"/api/account/app-tokens/{escaped}", owner));
            yield return ($"value of provider '{Shorten(provider)}' with a session", Authorized(HttpMethod.Get, $"/api/keys/{escaped}/value", owner));
            var ifMatch = Authorized(HttpMethod.Delete, "/api/keys/openai", owner);
            ifMatch.Headers.TryAddWithoutValidation("If-Match", provider.All(char.IsAscii) ? provider : escaped);
            yield return ($"If-Match '{Shorten(provider)}'", ifMatch);
        }

        foreach (var query in new[] { "limit=0", "limit=-1", "limit=99999999999", "before=0", "before=abc", "from=yesterday", "to=1e9", "from=2030-01-01&to=2020-01-01", "limit=1&limit=2" })
        {
            yield return ($"audit ?{query}", Authorized(HttpMethod.Get, $"/api/audit?{query}", owner));
        }

        foreach (var body in new[] { "{}", "{\"currentPassword\":\"' OR '1'='1\",\"newPassword\":\"a brand new password 2026\"}", "{\"currentPassword\":\"plum velvet harbor 42\",\"newPassword\":\"short\"}", "{\"currentPassword\":null,\"newPassword\":null}", "[1]" })
        {
            yield return ($"change password '{Shorten(body)}'", Authorized(HttpMethod.Post, "/api/account/password", owner, Json(body)));
        }

        foreach (var body in new[] { "{}", "{\"code\":\"000000\"}", "{\"code\":\"' OR 1=1\"}", "{\"code\":12}", "{\"password\":\"x\",\"code\":\"aaaaa-aaaaa\"}" })
        {
            yield return ($"2FA confirm '{Shorten(body)}'", Authorized(HttpMethod.Post, "/api/account/2fa/confirm", owner, Json(body)));
            yield return ($"2FA disable '{Shorten(body)}'", Authorized(HttpMethod.Post, "/api/account/2fa/disable", owner, Json(body)));
        }

        foreach (var body in new[]
        {
            "{}", "{\"name\":\"app\"}", "{\"name\":\"app\",\"providers\":\"openai\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}",
            "{\"name\":\"app\",\"providers\":[null],\"expiresAt\":\"2030-01-01T00:00:00Z\"}",
            "{\"name\":\"app\",\"providers\":[\"openai\"],\"expiresAt\":\"tomorrow\"}",
            "{\"name\":\"a\\u0000b\",\"providers\":[\"openai\"],\"expiresAt\":\"2030-01-01T00:00:00Z\"}",
            "{\"name\":\"app\",\"providers\":[\"openai\"],\"expiresAt\":\"2030-01-01T00:00:00Z\",\"scope\":\"manage\"}",
        })
        {
            yield return ($"app token '{Shorten(body)}'", Authorized(HttpMethod.Post, "/api/account/app-tokens", owner, Json(body)));
        }

        // Hostile and malformed values and bodies for an existing key.
        string[] badBodies =
        [
            "", "{", "}", "[]", "null", "true", "42", "\"sk\"", "{\"value\":}", "{\"value\":null}", "{\"value\":42}",
            "{\"value\":[\"a\"]}", "{\"value\":{\"a\":1}}", "{\"value\":\"\"}", "{\"value\":\"   \"}", "{\"value\":\"a\\u0000b\"}",
            "{\"value\":\"a\\nb\"}", "{\"value\":\"\\u0007bell\"}", "{\"value\":\"\\ud800\"}", "{\"value\":\"\\u202Eevil\"}",
            "{\"value\":\"" + new string('x', 4097) + "\"}", "{\"value\":\"" + new string('x', 100_000) + "\"}",
            new string('[', 5000) + new string(']', 5000), "{\"value\":\"sk-aPADDING0123456789abcdefghijklmnopPADDING\",", "{'value':'single-quoted'}",
            "{\"value\":\"sk-01234PADDING0123456789abcdefgh56789abcdef\"} trailing", "\u00EF\u00BB\u00BF{}",
        ];
        foreach (var body in badBodies)
        {
            yield return ($"PUT body '{Shorten(body)}'", Authorized(HttpMethod.Put, "/api/keys/openai", owner, Json(body)));
        }

        var invalidUtf8 = new ByteArrayContent([0x7B, 0x22, 0x76, 0x61, 0x6C, 0x75, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]);
        invalidUtf8.Headers.ContentType = new("application/json");
        yield return ("PUT invalid UTF-8", Authorized(HttpMethod.Put, "/api/keys/openai", owner, invalidUtf8));
        yield return ("PUT as text/plain", Authorized(HttpMethod.Put, "/api/keys/openai", owner, new StringContent("{\"value\":\"sk-01234PADDING0123456789abcd56789abcdefghij\"}", Encoding.UTF8, "text/plain")));

        var hugeHeader = Authorized(HttpMethod.Get, "/api/keys", owner);
        hugeHeader.Headers.TryAddWithoutValidation("X-Padding", new string('h', 64 * 1024));
        yield return ("huge header", hugeHeader);

        // Sign-up and login with hostile names, other users' names and malformed bodies.
        var invalidNames = Hostile.Where(name => !UserName.TryNormalize(name, out _, out _));
        foreach (var name in invalidNames.Append(ownerName).Append(ownerName.ToUpperInvariant()))
        {
            var body = $"{{\"username\":{System.Text.Json.JsonSerializer.Serialize(name)},\"password\":\"plum velvet harbor 42\"}}";
            yield return ($"sign-up '{Shorten(name)}'", new HttpRequestMessage(HttpMethod.Post, "/api/account/signup") { Content = Json(body) });
            var wrongPassword = $"{{\"username\":{System.Text.Json.JsonSerializer.Serialize(name)},\"password\":\"' OR '1'='1\"}}";
            yield return ($"login '{Shorten(name)}'", new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = Json(wrongPassword) });
        }

        foreach (var body in badBodies)
        {
            yield return ($"sign-up body '{Shorten(body)}'", new HttpRequestMessage(HttpMethod.Post, "/api/account/signup") { Content = Json(body) });
            yield return ($"login body '{Shorten(body)}'", new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = Json(body) });
        }
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return request;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length > 40 ? text[..40] + "…" : text;
}
