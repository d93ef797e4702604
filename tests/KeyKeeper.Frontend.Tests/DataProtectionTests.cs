using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using KeyKeeper.Frontend.DataProtection;

namespace KeyKeeper.Frontend.Tests;

/// <summary>The Data Protection key ring: shared in PostgreSQL, encrypted under DataProtection:Key, and loud when misconfigured.</summary>
[Collection(AppCollection.Name)]
public sealed class DataProtectionTests(AppFixture fixture) : IDisposable
{
    private const string OtherSecret = "another-data-protection-secret-0123456789abcdef";

    private readonly Browser _browser = new();

    [Fact]
    public async Task StoredKeysHoldNoPlaintextKeyMaterialAndDecryptOnlyUnderTheRightSecret()
    {
        await Browser.GetFormTokenAsync(_browser.On(fixture.FrontendAddress), "/login");

        var rows = await fixture.Postgres.QueryAsync(AppFixture.Database, "SELECT xml FROM data_protection_keys");

        Assert.NotEmpty(rows);
        var right = new KeyRingCipher(fixture.Settings["DataProtection:Key"]!);
        var wrong = new KeyRingCipher(OtherSecret);
        foreach (var xml in rows)
        {
            Assert.DoesNotContain("<masterKey", xml);
            var encrypted = Assert.Single(XElement.Parse(xml!).Descendants(KeyRingCipher.EncryptedElementName));
            Assert.Equal("masterKey", right.Decrypt(encrypted).Name.LocalName);
            Assert.Contains("DataProtection:Key", Assert.Throws<CryptographicException>(() => wrong.Decrypt(encrypted)).Message);

            var value = encrypted.Element("value")!;
            var tampered = Convert.FromBase64String(value.Value);
            tampered[^1] ^= 1;
            value.Value = Convert.ToBase64String(tampered);
            Assert.Contains("altered or is corrupt", Assert.Throws<CryptographicException>(() => right.Decrypt(encrypted)).Message);
        }
    }

    [Fact]
    public async Task AFrontendWithAnotherSecretCannotReadTheCookieAndWillNotStartAKeyRingOfItsOwn()
    {
        using var api = fixture.CreateClient();
        var name = $"dp-{Guid.NewGuid():N}";
        await ApiClient.SignUpAndLoginAsync(api, name);
        var site = _browser.On(fixture.FrontendAddress);
        await Browser.LogInAsync(site, site, name);
        var keysBefore = await KeyCountAsync();

        await using var misconfigured = fixture.StartExtraFrontend(new Dictionary<string, string?> { ["DataProtection:Key"] = OtherSecret });
        var other = _browser.On(misconfigured.BaseAddress);
        var account = await other.GetAsync("/account");
        var loginPage = await other.GetAsync("/login");
        var health = await other.GetAsync("/health");

        // Its cookie is unreadable there, so the page asks for a login...
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("/login", account.Headers.Location?.AbsolutePath);
        // ...which cannot be rendered without a usable key ring: an error, not a new key under the wrong secret.
        Assert.Equal(HttpStatusCode.InternalServerError, loginPage.StatusCode);
        Assert.DoesNotContain(" at ", await loginPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(keysBefore, await KeyCountAsync());
        Assert.Contains(fixture.Logs.Detector.Lines, line => line.Contains("was encrypted under another DataProtection:Key", StringComparison.Ordinal));
        // The correctly configured frontend still reads the cookie.
        Assert.Equal(HttpStatusCode.OK, (await site.GetAsync("/account")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("shorter-than-32-characters")]
    public void OutsideDevelopmentTheFrontendRefusesToStartWithoutAStrongSecret(string? secret)
    {
        var error = Record.Exception(() => fixture.StartExtraFrontend(new Dictionary<string, string?> { ["DataProtection:Key"] = secret }, "Production"));

        Assert.NotNull(error);
        Assert.Contains("DataProtection:Key", error.ToString());
    }

    [Fact]
    public async Task InDevelopmentWithoutASecretTheKeysStayInMemory()
    {
        await Browser.GetFormTokenAsync(_browser.On(fixture.FrontendAddress), "/login");
        var keysBefore = await KeyCountAsync();

        await using var development = fixture.StartExtraFrontend(new Dictionary<string, string?> { ["DataProtection:Key"] = null });
        await Browser.GetFormTokenAsync(_browser.On(development.BaseAddress), "/login");

        Assert.Equal(keysBefore, await KeyCountAsync());
    }

    public void Dispose() => _browser.Dispose();

    private async Task<int> KeyCountAsync() =>
        int.Parse((await fixture.Postgres.QueryAsync(AppFixture.Database, "SELECT count(*) FROM data_protection_keys"))[0]!);
}
