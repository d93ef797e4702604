using System.Net;
using System.Net.Http.Json;

namespace KeyKeeper.Frontend.Tests;

/// <summary>A new user for a page test: signed up through the API, signed in through the login page.</summary>
public static class PageUser
{
    /// <summary>Returns the username and a client of <paramref name="frontend"/> that carries the session cookie.</summary>
    public static async Task<(string Name, HttpClient Site)> SignUpAndSignInAsync(Browser browser, HttpClient api, Uri frontend)
    {
        var name = $"page-{Guid.NewGuid():N}";
        var signUp = await api.PostAsJsonAsync("/api/account/signup", new { username = name, password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        var site = browser.On(frontend);
        var login = await Browser.LogInAsync(site, site, name);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return (name, site);
    }
}
