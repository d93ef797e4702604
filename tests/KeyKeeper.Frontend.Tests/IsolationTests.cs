using System.Net;
using System.Net.Http.Json;
using System.Text;
using KeyKeeper.Grains.Abstractions;
using KeyKeeper.Testing;

namespace KeyKeeper.Frontend.Tests;

[Collection(AppCollection.Name)]
public sealed class IsolationTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task UserBCannotSeeChangeOrRevealUserAsKeys()
    {
        var alice = await ApiClient.SignUpAndLoginAsync(_client);
        var bob = await ApiClient.SignUpAndLoginAsync(_client);
        var aliceKey = await _client.SaveKeyAsync(alice, "openai", "sk-alicePADDING012345-0123456789abcdefghijkl");

        Assert.Empty(await _client.ListKeysAsync(bob));
        await (await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", bob)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.SendAsync(HttpMethod.Delete, "/api/keys/openai", bob)).AssertProblemAsync(HttpStatusCode.NotFound);
        await _client.SaveKeyAsync(bob, "openai", "sk-bob-0PADDING012345123456789abcdefghijklmn");

        Assert.Equal(aliceKey.ToString(), Assert.Single(await _client.ListKeysAsync(alice)).ToString());
        var reveal = await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", alice);
        Assert.Contains("sk-alice", await reveal.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ATokenRewrittenToNameAnotherUserIsRefused()
    {
        var aliceName = $"alice-{Guid.NewGuid():N}";
        var alice = await ApiClient.SignUpAndLoginAsync(_client, aliceName);
        var bob = await ApiClient.SignUpAndLoginAsync(_client);
        await _client.SaveKeyAsync(alice, "openai", "sk-alicePADDING012345-0123456789abcdefghijkl");

        // Bob's secret, presented as if it were Alice's token: its signature covers Bob's name, so it is no token at all.
        var forged = $"kk1.{Convert.ToBase64String(Encoding.UTF8.GetBytes(aliceName)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{bob.Split('.')[2]}";
        Assert.False(AccessToken.TryParse(forged, new AccessTokenKey(TestDeployment.AccessTokenSigningKey), out _, out _));

        await (await _client.SendAsync(HttpMethod.Get, "/api/keys", forged)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _client.SendAsync(HttpMethod.Post, "/api/keys/openai/reveal", forged)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnotherUsersNameInTheBodyChangesNothing()
    {
        var aliceName = $"alice-{Guid.NewGuid():N}";
        await ApiClient.SignUpAndLoginAsync(_client, aliceName);
        var bob = await ApiClient.SignUpAndLoginAsync(_client);

        var request = ApiClient.Request(HttpMethod.Put, "/api/keys/openai", bob);
        request.Content = JsonContent.Create(new { value = "sk-bob-0PADDING012345123456789abcdefghijklmn", username = aliceName });
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(request)).StatusCode);

        var alice = await ApiClient.LoginAsync(_client, aliceName);
        Assert.Empty(await _client.ListKeysAsync(alice));
    }
}
