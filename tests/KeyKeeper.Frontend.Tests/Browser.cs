using System.Net;
using System.Text.RegularExpressions;

namespace KeyKeeper.Frontend.Tests;

/// <summary>
/// A browser without JavaScript: one cookie jar for every frontend (cookies belong to the host,
/// not the port, so replicas on 127.0.0.1 share them as they would behind one address), forms
/// posted with their antiforgery token, redirects not followed so tests can see them.
/// </summary>
public sealed partial class Browser : IDisposable
{
    public const string SessionCookieName = "kk.session";
    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    private readonly List<HttpClient> _clients = [];

    public CookieContainer Cookies { get; } = new();

    /// <summary>A client of one frontend that shares this browser's cookies.</summary>
    public HttpClient On(Uri frontend)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = frontend };
        _clients.Add(client);
        return client;
    }

    public Cookie? SessionCookie(Uri frontend) => Cookies.GetCookies(frontend)[SessionCookieName];

    /// <summary>Opens a page with a form and returns the form's hidden antiforgery token.</summary>
    public static async Task<string> GetFormTokenAsync(HttpClient client, string path)
    {
        using var page = await client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)page.StatusCode} {html}");
        return FormToken(html);
    }

    public static string FormToken(string html)
    {
        var match = FormTokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token in: {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields));

    /// <summary>Fills the login form from <paramref name="formFrom"/> and posts it to <paramref name="postTo"/>.</summary>
    public static async Task<HttpResponseMessage> LogInAsync(HttpClient formFrom, HttpClient postTo, string userName, string password = ApiClient.Password)
    {
        var token = await GetFormTokenAsync(formFrom, "/login");
        return await PostFormAsync(postTo, "/login", LoginFields(userName, password, token));
    }

    public static Dictionary<string, string> LoginFields(string userName, string password, string? token)
    {
        var fields = new Dictionary<string, string> { ["username"] = userName, ["password"] = password, ["totp"] = "" };
        if (token is not null)
        {
            fields[AntiforgeryFieldName] = token;
        }

        return fields;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex FormTokenPattern();
}
